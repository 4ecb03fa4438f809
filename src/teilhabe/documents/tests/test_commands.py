"""``paper_document`` and ``concept_document``: the documents from the command line."""

import io
from pathlib import Path

import pytest
from conftest import World
from django.core.management import CommandError, call_command
from docx import Document
from pptx import Presentation

from .conftest import PAPER_TITLE, PaperWorld, load_pdf_text


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_paper_document(papers: PaperWorld, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"vorlage.{fmt}"
    out = io.StringIO()
    call_command(
        "paper_document",
        "--body=03999",
        "--reference=2024/FD91/457",
        f"--format={fmt}",
        f"--output={target}",
        stdout=out,
    )
    assert "2024/FD91/457" in out.getvalue()
    data = target.read_bytes()
    if fmt == "pdf":
        assert PAPER_TITLE in load_pdf_text(data)
    else:
        assert PAPER_TITLE in [p.text for p in Document(io.BytesIO(data)).paragraphs]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "pdf", "pptx"])
def test_concept_document(world: World, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"konzept.{fmt}"
    call_command(
        "concept_document",
        "--body=03999",
        f"--format={fmt}",
        f"--output={target}",
        stdout=io.StringIO(),
    )
    data = target.read_bytes()
    if fmt == "pptx":
        titles = [
            s.shapes.title.text for s in Presentation(io.BytesIO(data)).slides if s.shapes.title
        ]
        assert titles[0] == "Integrationskonzept Alpha 2022"  # the edition in force
    elif fmt == "pdf":
        assert "Handlungsfeld 1: Sprache und Bildung Alpha" in load_pdf_text(data)
    else:
        assert "Integrationskonzept Alpha 2022" in [
            p.text for p in Document(io.BytesIO(data)).paragraphs
        ]
    target = tmp_path / f"entwurf.{fmt}"
    call_command(
        "concept_document",
        "--body=03999",
        "--edition=2025",
        f"--format={fmt}",
        f"--output={target}",
        stdout=io.StringIO(),
    )
    assert target.stat().st_size > 0


@pytest.mark.django_db
def test_errors(papers: PaperWorld, tmp_path: Path) -> None:
    target = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="keine Körperschaft mit dem AGS „00000“"):
        call_command(
            "paper_document", "--body=00000", "--reference=1", "--format=pdf", f"--output={target}"
        )
    with pytest.raises(CommandError, match="keine Vorlage mit der Nummer „9/9“"):
        call_command(
            "paper_document",
            "--body=03999",
            "--reference=9/9",
            "--format=pdf",
            f"--output={target}",
        )
    with pytest.raises(CommandError, match=r"keine Ausgabe „1999“ \(vorhanden: „2022“, „2025“\)"):
        call_command(
            "concept_document",
            "--body=03999",
            "--edition=1999",
            "--format=pdf",
            f"--output={target}",
        )
    with pytest.raises(CommandError, match="Verzeichnis"):
        call_command(
            "concept_document", "--body=03999", "--format=pdf", f"--output={tmp_path}/fehlt/x.pdf"
        )
    with pytest.raises(CommandError):
        call_command("concept_document", "--body=03999", "--format=odt", f"--output={target}")
