"""Normalisation of pasted texts, with a map from every normalised character to the source.

The parser matches on a *normalised copy* of the text: line endings unified (CR LF, CR → LF),
non-breaking and other special spaces turned into plain spaces, invisible characters (BOM,
zero-width spaces, soft hyphens) dropped and, unless switched off, a small table of known OCR
confusions corrected (``fir`` → ``für``, ``mafgeblich`` → ``maßgeblich`` …).

``Normalised.starts``/``ends`` map every character of the copy back to the source, so any range the
parser uses can be shown in the original text; ``Normalised.corrections`` lists every OCR fix
with its place in the source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: Dropped: byte order mark, zero-width characters, soft hyphen.
DROPPED = frozenset("\ufeff\u200b\u200c\u200d\u2060\xad")
_SPACES = frozenset("\xa0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
_NEWLINES = frozenset("\x0b\x0c\x85\u2028\u2029")


def _keep_case(word: str) -> Callable[[re.Match[str]], str]:
    """A replacement that writes ``word`` with the case of the matched text's first letter."""

    def repl(match: re.Match[str]) -> str:
        return word[0].upper() + word[1:] if match.group(0)[0].isupper() else word

    return repl


#: Known OCR confusions of German council documents (missing umlauts and ß read as f/l/i).
#: Each entry is (pattern, replacement); patterns are anchored at word boundaries so that
#: ordinary words are never touched.
OCR_FIXES: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    (r"\b[fF](?:iir|ir|lr|ur|tir)\b", _keep_case("für")),
    (r"\b[mM]af[l1]?geblich", _keep_case("maßgeblich")),
    (r"\b[mM]af[l1]?nahme", _keep_case("maßnahme")),
    (r"\bWimme\b", "Wümme"),
    (r"\b[uU]ber(?=[a-zäöüß]|\b)", _keep_case("über")),
    (r"\b[oO]ffnung", _keep_case("öffnung")),
    (r"\b[oO]ffentlich", _keep_case("öffentlich")),
    (r"\b[vV]erf(?:li|u|ii)gung", _keep_case("verfügung")),
    (r"\b[rR]egelma(?:l|f|fl|B)ig", _keep_case("regelmäßig")),
    (r"(?<=\bin )Hohe(?= von\b)", "Höhe"),
    (r"\b[aA]ufgefuhrt", _keep_case("aufgeführt")),
    (r"\b[eE]rganz(?=ung|t|en|e)", _keep_case("ergänz")),
    (r"\b[aA]usdrick", _keep_case("ausdrück")),
    (r"\b[gG]emaf\b", _keep_case("gemäß")),
)
_OCR_RES = tuple((re.compile(pattern), repl) for pattern, repl in OCR_FIXES)


@dataclass(frozen=True)
class Correction:
    """One OCR correction: ``original`` at ``start``–``end`` of the source became ``replacement``."""

    start: int
    end: int
    original: str
    replacement: str


@dataclass
class Normalised:
    text: str
    #: ``starts[i]``–``ends[i]`` is the source range of ``text[i]``.
    starts: list[int]
    ends: list[int]
    corrections: list[Correction]

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """The source range of the normalised range ``start``–``end``."""
        if not self.text:
            return (0, 0)
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else self.ends[-1]
            return (at, at)
        return (self.starts[start], self.ends[end - 1])


def _basic(source: str) -> tuple[str, list[int], list[int]]:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        step = 1
        if ch == "\r":
            step = 2 if i + 1 < n and source[i + 1] == "\n" else 1
            out.append("\n")
        elif ch in DROPPED:
            i += 1
            continue
        elif ch in _SPACES:
            out.append(" ")
        elif ch in _NEWLINES:
            out.append("\n")
        else:
            out.append(ch)
        starts.append(i)
        ends.append(i + step)
        i += step
    return "".join(out), starts, ends


def normalise(source: str, *, fix_ocr: bool = True) -> Normalised:
    text, starts, ends = _basic(source)
    if not fix_ocr:
        return Normalised(text, starts, ends, [])
    matches: list[tuple[int, int, str]] = []
    for regex, repl in _OCR_RES:
        for m in regex.finditer(text):
            replacement = repl(m) if callable(repl) else m.expand(repl)
            if replacement != m.group(0):
                matches.append((m.start(), m.end(), replacement))
    if not matches:
        return Normalised(text, starts, ends, [])
    matches.sort()
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    corrections: list[Correction] = []
    pos = 0
    for start, end, replacement in matches:
        if start < pos:  # overlapping fix: the first one wins
            continue
        out.append(text[pos:start])
        new_starts.extend(starts[pos:start])
        new_ends.extend(ends[pos:start])
        src_start, src_end = starts[start], ends[end - 1]
        out.append(replacement)
        # every replacement character stands for the whole corrected word
        new_starts.extend([src_start] * len(replacement))
        new_ends.extend([src_end] * len(replacement))
        corrections.append(Correction(src_start, src_end, source[src_start:src_end], replacement))
        pos = end
    out.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return Normalised("".join(out), new_starts, new_ends, corrections)
