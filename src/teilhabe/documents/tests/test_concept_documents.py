"""The concept edition as DOCX, PDF and PPTX, opened again and read."""

import io

import pytest
from conftest import World
from docx import Document
from pptx import Presentation
from pypdf import PdfReader

from teilhabe.concepts.models import Edition
from teilhabe.documents.builders import concept_docx, concept_pdf, concept_pptx, edition_filename
from teilhabe.documents.common import blocks, euro, mentions_kmv
from teilhabe.documents.slides import KMV_BLUE

from .conftest import KMV_TITLE, LONG_TEXT, SPECIAL, load_pdf_text

FIELD_A = "Handlungsfeld 1: Sprache und Bildung Alpha"
FIELD_EMPTY = "Handlungsfeld 2: Gesundheit und Prävention – leer"


def docx_text(document: object) -> str:
    parts = [p.text for p in document.paragraphs]  # type: ignore[attr-defined]
    for table in document.tables:  # type: ignore[attr-defined]
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def test_formats() -> None:
    assert euro(10000) == "10.000\u00a0€"
    assert euro("1234567.5") == "1.234.567,50\u00a0€"
    assert euro(None) == ""
    assert mentions_kmv("Beitrag der Kommunalen Migrationsvertretung")
    assert mentions_kmv("Vorschlag der KMV")
    assert not mentions_kmv("Fachdienst Migration")
    assert [b.kind for b in blocks("a\nb\n\n- c\n  - d")] == ["para", "item", "item"]
    assert blocks("a\nb")[0].text == "a\nb"


@pytest.mark.django_db
def test_docx(rich_edition: Edition) -> None:
    document = Document(io.BytesIO(concept_docx(rich_edition)))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert FIELD_A in headings
    assert FIELD_EMPTY in headings
    assert "Inhaltsverzeichnis" in headings
    assert "Leeres Kapitel" in headings
    assert headings.index("Leeres Kapitel") < headings.index(FIELD_A)
    # The TOC is a field, and its current result is the written list of chapters.
    xml = document.element.xml
    assert 'TOC \\o "1-1"' in xml
    paragraphs = [p.text for p in document.paragraphs]
    toc_start = paragraphs.index("Inhaltsverzeichnis") + 1
    assert FIELD_A in paragraphs[toc_start : toc_start + 10]
    text = docx_text(document)
    # Title page
    assert "Landkreis Alpha" in text
    assert "Integrationskonzept Alpha 2022" in text
    assert "Stand: in Kraft" in text
    assert "in Kraft seit: 01.06.2022" in text
    # Goals, objectives, measures, the long text in full, umlauts and specials
    assert "Deutschkenntnisse verbessern Alpha" in text
    assert "Mehr Sprachkurse Alpha" in text
    assert LONG_TEXT in text
    assert SPECIAL in text
    assert "Budget: 10.000\u00a0€" in text
    assert "Zeitraum: 01.01.2025 – 31.12.2026" in text
    assert "Herkunft: Beitrag der Kommunalen Migrationsvertretung (KMV)" in text
    # The measures table: header row repeated on every page, one row per measure
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Nr.")
    assert [row.cells[0].text for row in table.rows] == ["Nr.", "1.1", "1.2"]
    assert "w:tblHeader" in table._tbl.xml
    assert "KVHS Alpha" in table.rows[2].cells[2].text
    assert "Fachdienst Migration Alpha" in table.rows[1].cells[2].text
    # The empty field of action and the empty chapter say so instead of vanishing
    # (the last occurrence: the first is the entry of the written table of contents)
    after_empty = paragraphs[len(paragraphs) - 1 - paragraphs[::-1].index(FIELD_EMPTY) :]
    assert after_empty[1:7] == ["Übergeordnete Ziele", "–", "Teilziele", "–", "Maßnahmen", "–"]
    last_empty = len(paragraphs) - 1 - paragraphs[::-1].index("Leeres Kapitel")
    assert paragraphs[last_empty + 1] == "–"
    assert document.core_properties.title == "Integrationskonzept Alpha 2022"


@pytest.mark.django_db
def test_pdf(rich_edition: Edition) -> None:
    data = concept_pdf(rich_edition)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert FIELD_A in outline
    assert FIELD_EMPTY in outline
    assert reader.metadata is not None and reader.metadata.title == "Integrationskonzept Alpha 2022"
    text = load_pdf_text(data)
    assert "Inhaltsverzeichnis" in text
    assert "Stand: in Kraft" in text
    assert "ENDE-LANG" in text  # the end of the 20.000 characters made it
    assert text.count("Überlänge") > 1500
    assert "10.000\u00a0€" in text
    for part in SPECIAL.split():
        assert part in text, part
    assert len(reader.pages) > 6  # the long measure spans pages


@pytest.mark.django_db
def test_pptx(rich_edition: Edition) -> None:
    deck = Presentation(io.BytesIO(concept_pptx(rich_edition)))
    slides = list(deck.slides)
    titles = [s.shapes.title.text for s in slides if s.shapes.title is not None]
    assert titles[0] == "Integrationskonzept Alpha 2022"
    assert "Sprache und Bildung Alpha" in titles
    assert "Gesundheit und Prävention – leer" in titles
    assert titles[-1] == "Fragen oder Anmerkungen?"
    field_slide = slides[titles.index("Sprache und Bildung Alpha")]
    texts = [shape.text_frame.text for shape in field_slide.shapes if shape.has_text_frame]
    for head in ("Übergeordnete Ziele", "Teilziele", "Maßnahmen"):
        assert head in texts
    joined = "\n".join(texts)
    assert "Deutschkenntnisse verbessern Alpha" in joined
    assert "Mehr Sprachkurse Alpha" in joined
    assert "1.1 Sprachcafé Alpha" in joined
    # The KMV's measure is blue, the others are not.
    colours = {
        run.text: run.font.color.rgb
        for shape in field_slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    }
    assert colours[f"• 1.2 {KMV_TITLE}"] == KMV_BLUE
    assert colours["• 1.1 Sprachcafé Alpha"] != KMV_BLUE
    # The chapter with special characters is on a slide of its own, as written.
    assert f"Kapitel {SPECIAL}" in titles


@pytest.mark.django_db
def test_pptx_continues_a_full_field(world: World) -> None:
    from teilhabe.concepts import services
    from teilhabe.concepts.models import Measure

    edition = world.a.in_force
    for n in range(40):
        services.item_create(
            user=world.users["coordinator_a"],
            model=Measure,
            edition=edition,
            data={"field": world.a.items["field"], "title": f"Maßnahme Nummer {n} mit Text"},
        )
    deck = Presentation(io.BytesIO(concept_pptx(edition)))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert "Sprache und Bildung Alpha (Fortsetzung)" in titles
    text = "\n".join(
        shape.text_frame.text for s in deck.slides for shape in s.shapes if shape.has_text_frame
    )
    for n in range(40):
        assert f"Maßnahme Nummer {n} mit Text" in text


@pytest.mark.django_db
def test_empty_edition(world: World) -> None:
    """An edition without any content still makes complete documents."""
    from teilhabe.concepts import services

    edition = services.edition_create(
        user=world.users["coordinator_a"], concept=world.a.concept, label="leer", title="Leer"
    )
    assert "Inhaltsverzeichnis" in docx_text(Document(io.BytesIO(concept_docx(edition))))
    assert "Leer" in load_pdf_text(concept_pdf(edition))
    assert len(Presentation(io.BytesIO(concept_pptx(edition))).slides) == 2
    assert edition_filename(edition, "pdf") == "Leer leer.pdf"
