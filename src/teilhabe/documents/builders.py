"""The document builders: pure functions from model objects to the bytes of a file.

``concept_docx``, ``concept_pdf``, ``concept_pptx`` take a concept ``Edition``;
``paper_docx`` and ``paper_pdf`` take a council ``Paper``. Access checks are the caller's.
"""

from collections.abc import Callable

from teilhabe.concepts.models import Edition
from teilhabe.council.models import Paper

from .common import CONTENT_TYPES, ascii_filename
from .pdf import concept_pdf, paper_pdf
from .slides import concept_pptx
from .word import concept_docx, paper_docx

__all__ = [
    "CONCEPT_FORMATS",
    "CONTENT_TYPES",
    "PAPER_FORMATS",
    "concept_docx",
    "concept_pdf",
    "concept_pptx",
    "edition_filename",
    "paper_docx",
    "paper_filename",
    "paper_pdf",
]

CONCEPT_FORMATS: dict[str, Callable[[Edition], bytes]] = {
    "docx": concept_docx,
    "pdf": concept_pdf,
    "pptx": concept_pptx,
}
PAPER_FORMATS: dict[str, Callable[[Paper], bytes]] = {"docx": paper_docx, "pdf": paper_pdf}


def edition_filename(edition: Edition, fmt: str) -> str:
    """``Integrationskonzept 2024.pdf``-like, as a reader would save it (umlauts kept)."""
    name = edition.title if edition.label in edition.title else f"{edition.title} {edition.label}"
    return f"{_safe(name)}.{fmt}"


def paper_filename(paper: Paper, fmt: str) -> str:
    name = f"{paper.paper_type} {paper.reference}".strip() if paper.reference else paper.title
    return f"{_safe(name)}.{fmt}"


def _safe(name: str) -> str:
    """A file name without path separators or control characters (umlauts kept)."""
    cleaned = "".join("-" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in name)
    return " ".join(cleaned.split())[:120].strip(" .") or ascii_filename(name)
