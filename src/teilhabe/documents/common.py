"""What every builder shares: German formats, clean text, plain text split into blocks.

The documents follow the layout of German council documents, so their fixed words
(„Beschlussvorlage“, „Beratungsfolge“, …) are German in every language of the interface;
they live in :mod:`.labels`.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

#: MIME types of the formats the builders produce.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

# Characters XML 1.0 (DOCX, PPTX) cannot hold; typst gets the same clean text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_KMV = re.compile(r"\bKommunalen?\s+Migrationsvertretung|\bKMV\b", re.IGNORECASE)


def clean(value: Any) -> str:
    """Text as every format can hold it: str, no control characters, ``\\n`` line ends."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def german_date(value: datetime.date | datetime.datetime | None) -> str:
    """``28.11.2024``; empty for no date."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.strftime("%d.%m.%Y")


def euro(value: Decimal | int | float | str | None) -> str:
    """``10000`` → ``10.000 €``; cents only when there are any; empty for no amount."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    places = 0 if amount == amount.to_integral_value() else 2
    text = f"{amount:,.{places}f}"  # 10,000.50
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{text}\u00a0€"


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "ja" if value else "nein"


def timeframe(start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return f"{german_date(start)} – {german_date(end)}"
    if start:
        return f"ab {german_date(start)}"
    if end:
        return f"bis {german_date(end)}"
    return ""


def mentions_kmv(note: str) -> bool:
    """Whether an origin note names the Kommunale Migrationsvertretung (shown in blue)."""
    return bool(_KMV.search(note or ""))


def ascii_filename(name: str) -> str:
    """A file name for ``filename=``: ASCII letters, digits, ``.-_`` (umlauts transliterated)."""
    name = (
        name.replace("ä", "ae")
        .replace("ö", "oe")
        .replace("ü", "ue")
        .replace("Ä", "Ae")
        .replace("Ö", "Oe")
        .replace("Ü", "Ue")
        .replace("ß", "ss")
    )
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return re.sub(r"-{2,}", "-", name) or "dokument"


@dataclass(frozen=True)
class Block:
    """One block of plain text: a paragraph (lines kept) or a bullet item (with its level)."""

    kind: str  # "para" | "item"
    text: str
    level: int = 0


_BULLET = re.compile(r"^(\s*)[-•]\s+(.*)$")


def blocks(value: Any) -> list[Block]:
    """Plain text as paragraphs and bullet items, as the web pages show it.

    Blank lines separate paragraphs; lines starting with ``- `` (or ``• ``) are bullet items,
    indented ones one level deeper per two spaces. Nothing of the text is dropped.
    """
    result: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            result.append(Block("para", "\n".join(paragraph)))
            paragraph.clear()

    for raw in clean(value).split("\n"):
        match = _BULLET.match(raw)
        if match:
            flush()
            indent = len(match.group(1).expandtabs(2))
            result.append(Block("item", match.group(2).strip(), min(indent // 2, 3)))
        elif raw.strip():
            paragraph.append(raw.strip())
        else:
            flush()
    flush()
    return result
