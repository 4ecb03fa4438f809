"""The escaping of user text for typst: whatever a user writes is printed as written."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teilhabe.documents.pdf import compile_source, tarray, text_markup, tstr

from .conftest import SPECIAL, load_pdf_text

PREAMBLE = '#set text(font: "Libertinus Serif", lang: "de")\n'


def render(markup: str) -> str:
    return load_pdf_text(compile_source(PREAMBLE + markup))


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("plain", '"plain"'),
        ('a "quoted" word', '"a \\"quoted\\" word"'),
        ("back\\slash", '"back\\\\slash"'),
        ("two\nlines", '"two\\nlines"'),
        ("tab\there", '"tab here"'),
        ("bell\x07 and nul\x00", '"bell and nul"'),
        ("#*_$@<>[]`~=+-/'", '"#*_$@<>[]`~=+-/\'"'),
        ("äöüß € „“", '"äöüß € „“"'),
        ("", '""'),
        (None, '""'),
    ],
)
def test_tstr_literal(value: object, literal: str) -> None:
    assert tstr(value) == literal


@pytest.mark.parametrize(
    "char", ["#", "*", "_", "$", "@", "<", ">", "[", "]", "\\", "`", '"', "'", "~", "//", "/*"]
)
def test_each_special_character_is_printed_as_written(char: str) -> None:
    text = render(f"#{tstr(f'vor {char} nach')}\n")
    assert f"vor {char} nach" in text


def test_markup_that_would_be_code_stays_text() -> None:
    attack = '#panic("x") #import "/etc/passwd" $x^2$ @ref <label> *fett* _kursiv_ `raw` = Titel'
    text = render(text_markup(attack))
    assert "#panic" in text
    assert "$x^2$" in text
    assert "*fett*" in text
    assert "_kursiv_" in text


def test_all_specials_umlauts_and_lists() -> None:
    source = text_markup(f"Absatz: {SPECIAL}\n\n- Punkt Äpfel\n  - Unterpunkt Öl\n- Punkt Übung")
    text = render(source)
    for part in SPECIAL.split():
        assert part in text, part
    for word in ("Punkt Äpfel", "Unterpunkt Öl", "Punkt Übung"):
        assert word in text


def test_empty_text() -> None:
    assert text_markup("") == ""
    assert text_markup("   \n\n ") == ""
    assert "–" in render(text_markup("", empty="–"))


def test_array_of_one_stays_an_array() -> None:
    assert tarray(["a"]) == '("a",)'
    assert tarray([]) == "()"
    assert tarray(["a", "b#"]) == '("a", "b#")'


def test_long_text_breaks_over_pages() -> None:
    import io

    from pypdf import PdfReader

    long_text = ("Überlänge " * 2000) + "ENDE"
    data = compile_source(PREAMBLE + text_markup(long_text))
    assert len(PdfReader(io.BytesIO(data)).pages) > 3
    assert "ENDE" in load_pdf_text(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_compiles(text: str) -> None:
    compile_source(PREAMBLE + text_markup(text) + f"#{tstr(text)}\n")
