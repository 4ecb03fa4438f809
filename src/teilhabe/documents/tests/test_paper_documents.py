"""The Beschlussvorlage as DOCX and PDF, opened again and read."""

import datetime
import io

import pytest
from docx import Document
from pypdf import PdfReader

from teilhabe.council import services as council_services
from teilhabe.council.models import Organization
from teilhabe.documents.builders import paper_docx, paper_filename, paper_pdf

from .conftest import PAPER_TITLE, SPECIAL, PaperWorld, load_pdf_text

COMMITTEE = "Ausschuss für Soziales, Gesundheit, Integration"


def rows(table: object) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_docx(papers: PaperWorld) -> None:
    document = Document(io.BytesIO(paper_docx(papers.paper)))
    header = rows(document.tables[0])[0]
    assert header[0].split("\n") == ["Landkreis Alpha", "Beschlussvorlage", "- öffentlich -"]
    assert header[1].split("\n") == [
        "Vorlage Nr.: 2024/FD91/457",
        "Datum: 28.11.2024",
        "Federführend: FD Büro des Landrates",
        "Sachbearbeiter/in: Frau Heldberg",
        "Aktenzeichen: 31_30 Integrationskonzept",
    ]
    paragraphs = [p.text for p in document.paragraphs]
    assert PAPER_TITLE in paragraphs
    labels = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"
    ]
    assert labels == [
        "Beratungsfolge:",
        "Beschlussvorschlag:",
        "Sachverhalt:",
        "Auswirkungen auf Personal und Finanzen:",
        "Relevanz:",
        "Klimarelevanz:",
        "Anlage/n:",
        "Abstimmungsergebnis:",
    ]
    consultations = next(t for t in document.tables if t.rows[0].cells[0].text == "Gremium")
    assert rows(consultations) == [
        ["Gremium", "Datum", "Zuständigkeit", "Status"],
        [COMMITTEE, "28.11.2024", "Vorberatung", "ungeändert beschlossen"],
        ["Kreisausschuss", "09.12.2024", "Vorberatung", "Ö"],
        ["Kreistag", "16.12.2024", "Entscheidung", "Ö"],
    ]
    votes = next(t for t in document.tables if t.rows[0].cells[-1].text == "Enthaltung")
    assert rows(votes) == [
        ["Datum", "Gremium", "Ja", "Nein", "Enthaltung"],
        ["28.11.2024", COMMITTEE, "11", "2", "1"],
        ["09.12.2024", "Kreisausschuss", "", "", ""],
        ["16.12.2024", "Kreistag", "", "", ""],
    ]
    relevance = next(t for t in document.tables if t.rows[0].cells[0].text == "Bereich")
    assert rows(relevance)[1:] == [
        ["Gender Mainstreaming", "ja"],
        ["Migration", "ja"],
        ["Klima-/Umwelt-/Naturschutz", "nein"],
    ]
    assert "w:tblHeader" in consultations._tbl.xml
    assert "Das Integrationskonzept 2025 wird beschlossen." in paragraphs
    assert SPECIAL in paragraphs
    assert "Sachverhalt mit Umlauten: Größe, Übung, Äpfel." in paragraphs
    assert "Kosten (Betrag in €): 10.000\u00a0€" in paragraphs
    assert "Im Budget enthalten: ja" in paragraphs
    assert "Produktsachkonten: Produktsachkonto: 4271200 Öffentlichkeitsarbeit" in paragraphs
    assert "Die Maßnahmen werden mit den vorhandenen Stellen umgesetzt." in paragraphs
    # Empty Klimarelevanz reads "./." as on council papers; the attachment is the concept.
    assert paragraphs[paragraphs.index("Klimarelevanz:") + 1] == "./."
    assert paragraphs[paragraphs.index("Anlage/n:") + 1] == "Integrationskonzept Alpha 2025"
    assert paragraphs[-1] == "gez. Frau Heldberg"


@pytest.mark.django_db
def test_pdf(papers: PaperWorld) -> None:
    data = paper_pdf(papers.paper)
    text = load_pdf_text(data)
    for expected in (
        "Landkreis Alpha",
        "Beschlussvorlage",
        "- öffentlich -",
        "Vorlage Nr.: 2024/FD91/457",
        "Datum: 28.11.2024",
        "Sachbearbeiter/in: Frau Heldberg",
        "Aktenzeichen: 31_30 Integrationskonzept",
        PAPER_TITLE,
        "Beratungsfolge:",
        "Gremium Datum Zuständigkeit Status",
        "Kreisausschuss 09.12.2024 Vorberatung Ö",
        "Kreistag 16.12.2024 Entscheidung Ö",
        "ungeändert beschlossen",
        "Beschlussvorschlag:",
        "Sachverhalt mit Umlauten: Größe, Übung, Äpfel.",
        "Auswirkungen auf Personal und Finanzen:",
        "10.000\u00a0€",
        "Klimarelevanz:",
        "./.",
        "Integrationskonzept Alpha 2025",
        "Abstimmungsergebnis:",
        "Ja Nein Enthaltung",
        "11 2 1",
        "gez. Frau Heldberg",
    ):
        assert expected in text, expected
    for part in SPECIAL.split():
        assert part in text, part
    assert PdfReader(io.BytesIO(data)).metadata.title == PAPER_TITLE  # type: ignore[union-attr]


@pytest.mark.django_db
def test_non_public_and_empty_paper(papers: PaperWorld) -> None:
    """A paper with nothing but a title: every section is there and says ./."""
    text = load_pdf_text(paper_pdf(papers.hidden))
    assert "- nichtöffentlich -" in text
    assert text.count("./.") >= 6
    document = Document(io.BytesIO(paper_docx(papers.hidden)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[paragraphs.index("Beratungsfolge:") + 1] == "./."
    assert paragraphs[paragraphs.index("Abstimmungsergebnis:") + 1] == "./."
    assert paper_filename(papers.hidden, "pdf") == "Beschlussvorlage 2024-NÖ-1.pdf"


@pytest.mark.django_db
def test_tables_spanning_pages(papers: PaperWorld) -> None:
    user = papers.world.users["coordinator_a"]
    for n in range(70):
        organization = council_services.organization_create(
            user=user,
            body=papers.paper.body,
            data={
                "name": f"Ortsrat Nummer {n:02d} der Gemeinde Überall",
                "organization_type": Organization.OrganizationType.GREMIUM,
            },
        )
        council_services.consultation_add(
            user=user,
            paper=papers.paper,
            organization=organization,
            planned_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            role="Anhörung",
        )
    data = paper_pdf(papers.paper)
    assert len(PdfReader(io.BytesIO(data)).pages) >= 3
    text = load_pdf_text(data)
    for n in range(70):
        assert text.count(f"Ortsrat Nummer {n:02d} der Gemeinde Überall") == 2  # both tables
    # The header row repeats on the pages the table continues on.
    assert text.count("Gremium Datum Zuständigkeit Status") >= 2
    document = Document(io.BytesIO(paper_docx(papers.paper)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Gremium")
    assert len(table.rows) == 74
