"""Parsers of single values in German council texts: dates, amounts of money, references,
yes/no answers and vote counts. Pure functions on strings; positions are relative to the
string given."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

Amount = int | Decimal

# --------------------------------------------------------------------------- dates

MONTHS = {
    "januar": 1,
    "jänner": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "märz": 3,
    "maerz": 3,
    "mär": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_RE = re.compile(
    r"(?<![\d.])(?P<d>\d{1,2})\.[ ]?(?:"
    r"(?P<m>\d{1,2})\.[ ]?(?P<y>\d{4}|\d{2})(?![\d])"
    r"|[ ]?(?P<mn>" + _MONTH_NAMES + r")\.?[ ]+(?P<y2>\d{4})(?!\d))",
    re.IGNORECASE,
)


def date_from_match(match: re.Match[str]) -> datetime.date | None:
    """The date of a ``DATE_RE`` match, or ``None`` if there is no such day (31.02.)."""
    day = int(match.group("d"))
    if match.group("m") is not None:
        month = int(match.group("m"))
        year_text = match.group("y")
        year = int(year_text)
        if len(year_text) == 2:
            year += 2000 if year < 70 else 1900
    else:
        month = MONTHS[match.group("mn").lower()]
        year = int(match.group("y2"))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> datetime.date | None:
    """The first date in ``text`` (28.11.2024, 28.11.24, 17. Mai 2017), if valid."""
    match = DATE_RE.search(text)
    return date_from_match(match) if match else None


# --------------------------------------------------------------------------- references

#: Reference numbers of papers: 2024/FD91/457, 2022/094, 2018/33/0590, VO/2021/09701,
#: DrS/2016/070, V 315/2012, BV/0123/2020-01.
REFERENCE_RE = re.compile(
    r"(?<![\w/])(?:[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{0,5}(?:[ ]|/|-)?)?\d{1,5}"
    r"(?:[ ]?/[ ]?[A-Za-z0-9]{1,8}){1,3}(?:-\d{1,3})?(?![\w/])"
)
#: A reference of a shape that cannot be confused with anything else (letters in front, or
#: three parts): recognised even without a label.
STRICT_REFERENCE_RE = re.compile(
    r"^(?:[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{0,5}(?:[ ]|/|-)?\d{1,5}(?:/[A-Za-z0-9]{1,8}){1,3}"
    r"|\d{1,5}(?:/[A-Za-z0-9]{1,8}){2,3})(?:-\d{1,3})?$"
)

# --------------------------------------------------------------------------- yes / no

_YES = {"ja", "x", "[x]", "☒", "☑", "✓", "✔", "yes"}
_NO = {"nein", "-", "–", "[ ]", "☐", "no", "./."}


def parse_bool(text: str) -> bool | None:
    value = text.strip().strip(".:").strip().lower()
    if value in _YES:
        return True
    if value in _NO or text.strip() in _NO:
        return False
    return None


# --------------------------------------------------------------------------- amounts

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_MULT = r"Mio\.?|Millionen|Million|Mrd\.?|Milliarden|Milliarde|Tsd\.?|Tausend|T(?=€|EUR)"
AMOUNT_RE = re.compile(
    r"(?:(?P<q>(?i:mindestens|rund|ca\.|circa|etwa|maximal|max\.|bis zu|höchstens|insgesamt))"
    r"[ ]+)?"
    r"(?<![\d.,])(?P<num>" + _NUM + r")(?P<dash>,[ ]?[-–]{1,2})?[ ]?(?P<mult>" + _MULT + r")?"
    r"[ ]?(?P<cur>€|EUR\b|Euro\b|EURO\b|euro\b)"
    r"|(?P<cur2>€|EUR\b)[ ]?(?P<num2>" + _NUM + r")(?P<dash2>,[ ]?[-–]{1,2})?"
    r"(?:[ ]?(?P<mult2>Mio\.?|Mrd\.?|Tsd\.?))?"
)
_FACTORS = {"mio": 10**6, "million": 10**6, "millionen": 10**6, "mrd": 10**9}
_FACTORS |= {"milliarde": 10**9, "milliarden": 10**9, "tsd": 1000, "tausend": 1000, "t": 1000}


def number(text: str) -> Decimal | None:
    """A German number: 6.000 → 6000, 1,2 → 1.2, 100.000,-- → 100000."""
    cleaned = re.sub(r",[ ]?[-–]+$", "", text.strip())
    cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def as_amount(value: Decimal) -> Amount:
    return int(value) if value == value.to_integral_value() else value.normalize()


def amount_from_match(match: re.Match[str]) -> Amount | None:
    num = match.group("num") or match.group("num2")
    mult = match.group("mult") or match.group("mult2")
    value = number(num)
    if value is None:
        return None
    if mult:
        value *= _FACTORS[mult.rstrip(".").lower()]
    return as_amount(value)


def parse_amounts(text: str) -> list[tuple[Amount, int, int]]:
    """Every amount of money in ``text`` with its position."""
    found = []
    for match in AMOUNT_RE.finditer(text):
        value = amount_from_match(match)
        if value is not None:
            found.append((value, match.start(), match.end()))
    return found


# --------------------------------------------------------------------------- votes


@dataclass
class ParsedVotes:
    """A vote: counts where the text gives them; ``unanimous`` for "einstimmig"."""

    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    unanimous: bool = False

    def to_json_dict(self) -> dict[str, int | None]:
        return {"yes": self.yes, "no": self.no, "abstain": self.abstain}

    @classmethod
    def from_columns(cls, columns: list[str], counts: list[int]) -> ParsedVotes:
        """Votes from a table row: ``columns`` are the kinds (yes/no/abstain) of the header."""
        votes = cls()
        for kind, count in zip(columns, counts, strict=True):
            setattr(votes, kind, count)
        return votes


_NUMBER_WORDS = {
    "kein": 0,
    "keine": 0,
    "keiner": 0,
    "null": 0,
    "ein": 1,
    "eine": 1,
    "einer": 1,
    "einem": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
}
_N = r"(?P<n>\d{1,4}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_KINDS = {
    "yes": r"(?:Ja(?:-?Stimmen?)?|Dafür|Zustimmung(?:en)?|Für-?Stimmen)",
    "no": r"(?:Nein(?:-?Stimmen?)?|Dagegen|Gegenstimmen?)",
    "abstain": r"(?:Stimmenthaltung(?:en)?|Enthaltung(?:en)?|Enthalt\.|Enth\.)",
}
_PREFIX = {
    k: re.compile(r"\b" + w + r"[ ]*[:=]?[ ]*" + _N + r"\b", re.I) for k, w in _KINDS.items()
}
_POSTFIX = {k: re.compile(r"\b" + _N + r"[ ]+" + w + r"(?![\w-])", re.I) for k, w in _KINDS.items()}
_POSTFIX["yes"] = re.compile(
    r"\b" + _N + r"[ ]+(?:Ja(?:-?Stimmen?)?|Stimmen dafür|Für-?Stimmen|Zustimmung(?:en)?)(?![\w-])",
    re.I,
)
_WITHOUT = {
    "no": re.compile(r"\bohne[ ]+Gegenstimmen?\b", re.I),
    "abstain": re.compile(r"\bohne[ ]+(?:Stimm)?[eE]nthaltung(?:en)?\b", re.I),
}
UNANIMOUS_RE = re.compile(r"\beinstimmig\b", re.I)
MAJORITY_RE = re.compile(r"\bmehrheitlich\b", re.I)
VOTE_HEADER_WORDS = {
    "ja",
    "nein",
    "enthaltung",
    "enthaltungen",
    "enthalt.",
    "enth.",
    "stimmenthaltung",
    "stimmenthaltungen",
    "gegenstimmen",
    "dafür",
    "dagegen",
    "ja-stimmen",
    "nein-stimmen",
}
_HEADER_KIND = {"ja": "yes", "dafür": "yes", "ja-stimmen": "yes", "nein": "no", "dagegen": "no"}
_HEADER_KIND |= {"nein-stimmen": "no", "gegenstimmen": "no"}


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def parse_votes(text: str) -> tuple[ParsedVotes | None, list[tuple[int, int]]]:
    """Votes in a short text: "einstimmig", "bei 2 Gegenstimmen", "Ja 45 / Nein 3 /
    Enthaltung 1", "12 Ja-Stimmen, 3 Nein-Stimmen, 1 Enthaltung". Returns the votes (``None``
    if the text states none) and the ranges used."""
    used: list[tuple[int, int]] = []
    votes = ParsedVotes()
    found = False
    for m in UNANIMOUS_RE.finditer(text):
        votes.unanimous = found = True
        used.append(m.span())
    prefix = {k: list(r.finditer(text)) for k, r in _PREFIX.items()}
    postfix = {k: list(r.finditer(text)) for k, r in _POSTFIX.items()}
    n_prefix = sum(bool(v) for v in prefix.values())
    n_postfix = sum(bool(v) for v in postfix.values())
    chosen = prefix if n_prefix > n_postfix else postfix
    if n_prefix == n_postfix and n_prefix:
        first_prefix = min(m.start() for v in prefix.values() for m in v)
        first_postfix = min(m.start() for v in postfix.values() for m in v)
        chosen = prefix if first_prefix < first_postfix else postfix
    for kind, matches in chosen.items():
        if matches:
            setattr(votes, kind, _count(matches[0].group("n")))
            used.append(matches[0].span())
            found = True
    for kind, regex in _WITHOUT.items():
        without = regex.search(text)
        if without and getattr(votes, kind) is None:
            setattr(votes, kind, 0)
            used.append(without.span())
            found = True
    return (votes if found else None), used


def vote_header(words: list[str]) -> list[str] | None:
    """The kinds (yes/no/abstain) of the columns of a vote table's header row, or ``None``."""
    lowered = [w.lower() for w in words]
    if len(lowered) < 2 or any(w not in VOTE_HEADER_WORDS for w in lowered):
        return None
    return [_HEADER_KIND.get(w, "abstain") for w in lowered]
