"""The statistics readers with the real-figure samples and hypothesis-generated variations."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.monitoring import parsers

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read(name: str) -> str:
    return parsers.decode((FIXTURES / name).read_bytes())


# --- encodings --------------------------------------------------------------------------


def test_decode_detects_latin1_and_bom() -> None:
    latin = read("12521-0040_auslaender_kreise_latin1.csv")
    assert "Ausländer" in latin
    bom = read("12511-01-01-4_einbuergerungen_utf8bom.csv")
    assert bom.startswith("GENESIS-Tabelle")
    assert "Einbürgerungen" in bom


# --- classic table ----------------------------------------------------------------------


def test_classic_table_latin1_real_values() -> None:
    parsed = parsers.parse(read("12521-0040_auslaender_kreise_latin1.csv"))
    assert parsed.format == "genesis_table"
    assert parsed.table_code == "12521-0040"
    [column] = parsed.columns.values()
    assert column.label == "Ausländer / Anzahl"
    assert parsers.unit_of(column.unit_label) == "persons"
    wesermarsch = {v.period.year: v.value for v in parsed.values if v.ags == "03461"}
    assert wesermarsch == {2022: Decimal(9565), 2023: Decimal(10155), 2024: Decimal(10430)}
    assert all(v.period == datetime.date(v.period.year, 12, 31) for v in parsed.values)
    # the indented names are stripped; aggregates are reported, not imported
    assert {v.area for v in parsed.values if v.ags == "03157"} == {"Peine, Landkreis"}
    assert [a[1] for a in parsed.aggregates] == ["031", "031", "031"]
    assert len(parsed.values) == 12
    assert any("gesamte Tabelle" in f for f in parsed.footnotes)


def test_classic_table_bom_three_header_rows() -> None:
    parsed = parsers.parse(read("12511-01-01-4_einbuergerungen_utf8bom.csv"))
    [column] = parsed.columns.values()
    assert column.label == "Eingebürgerte Personen / Insgesamt / Anzahl"
    assert column.key.startswith("12511-01-01-4_")
    values = {(v.ags, v.period.year): v.value for v in parsed.values}
    assert values[("03461", 2024)] == Decimal(134)
    assert values[("03", 2019)] == Decimal(10932)


CLASSIC_SYNTHETIC = (
    "GENESIS-Tabelle: 99999-01-01-4\r\n"
    "Synthetische Testtabelle;;;;;;\r\n"
    ";;;Arbeitslose;;Arbeitslosenquote;\r\n"
    ";;;Insgesamt;Ausländer;Insgesamt;Ausländer\r\n"
    ";;;Anzahl;Anzahl;Prozent;Prozent\r\n"
    "2016;DG;Deutschland;1.234.567;12.345;6,1;14,6\r\n"
    "2016;031;    Braunschweig, Stat. Region;51805;10320;.;.\r\n"
    "2016;03461;      Wesermarsch, Landkreis;3340;556;7,9;24,7\r\n"
    "2016;03999;      Testkreis;-;x;/;...\r\n"
    "__________\r\n"
    '"zu ""gesamte Tabelle"":\r\nSynthetisch, für Tests."\r\n'
    "Stand: 20.05.2026 / 10:15:00\r\n"
)


def test_classic_table_multi_columns_placeholders_stand() -> None:
    parsed = parsers.parse(CLASSIC_SYNTHETIC)
    labels = [c.label for c in parsed.columns.values()]
    assert labels == [
        "Arbeitslose / Insgesamt / Anzahl",
        "Arbeitslose / Ausländer / Anzahl",
        "Arbeitslosenquote / Insgesamt / Prozent",
        "Arbeitslosenquote / Ausländer / Prozent",
    ]
    assert parsed.stand == datetime.date(2026, 5, 20)
    by = {(v.ags, v.column): v for v in parsed.values}
    assert by[("03461", 7)].value == Decimal("24.7")
    test = [by[("03999", c)] for c in (4, 5, 6, 7)]
    assert [(v.value, v.missing) for v in test] == [
        (None, "-"),
        (None, "x"),
        (None, "/"),
        (None, "..."),
    ]
    assert {a[1] for a in parsed.aggregates} == {"DG", "031"}


def test_classic_table_quality_flag_columns() -> None:
    text = (
        "GENESIS-Tabelle: 12411-0010\r\n"
        "Bevölkerung: Bundesländer, Stichtag;;;;\r\n"
        ";;;Bevölkerungsstand;\r\n"
        ";;;Anzahl;\r\n"
        "31.12.2023;03;Niedersachsen;8008135;e\r\n"
    )
    parsed = parsers.parse(text)
    [value] = parsed.values
    assert value.quality == "e"
    assert value.period == datetime.date(2023, 12, 31)
    assert value.period_is_year is False


def test_classic_bad_row_names_line_and_column() -> None:
    text = CLASSIC_SYNTHETIC.replace("3340;556", "3340;5x6")
    with pytest.raises(parsers.ParseError) as info:
        parsers.parse(text)
    [issue] = info.value.issues
    assert (issue.line, issue.column) == (8, 5)
    assert "5x6" in issue.message


def test_unknown_layout_says_what_was_expected() -> None:
    with pytest.raises(parsers.ParseError) as info:
        parsers.parse("foo;bar\n1;2\n")
    assert "GENESIS-Tabelle" in str(info.value)


# --- ffcsv ------------------------------------------------------------------------------


def test_ffcsv_real_population() -> None:
    parsed = parsers.parse(read("ffcsv_12411_bevoelkerung.csv"))
    assert parsed.format == "ffcsv"
    assert parsed.table_code == "12411"
    assert list(parsed.columns) == ["bevstd"]
    values = {(v.ags, v.period.year): v.value for v in parsed.values}
    assert values[("03461", 2023)] == Decimal(89316)
    assert values[("03", 2024)] == Decimal(8010686)
    assert len(values) == 24
    assert {v.quality for v in parsed.values} == {"e"}


FF_HEAD = (
    "time;1_variable_code;1_variable_attribute_code;1_variable_attribute_label;"
    "2_variable_code;2_variable_attribute_code;value;value_unit;value_variable_code;"
    "value_variable_label;value_q\n"
)


def test_ffcsv_second_dimension_and_english_decimals() -> None:
    text = FF_HEAD + (
        "2023;KREISE;03461;Wesermarsch;GES;GESM;12.5;Prozent;QUOTE;Quote;\n"
        "2023;KREISE;03461;Wesermarsch;GES;GESW;-;Prozent;QUOTE;Quote;\n"
        "2023;DINSG;DG;Deutschland;GES;GESW;7.5;Prozent;QUOTE;Quote;\n"
    )
    parsed = parsers.parse(text)
    assert set(parsed.columns) == {"quote_gesm", "quote_gesw"}
    by = {v.key: v for v in parsed.values}
    assert by["quote_gesm"].value == Decimal("12.5")
    assert by["quote_gesw"].missing == "-"
    assert by["quote_gesw"].value is None
    assert [a[1] for a in parsed.aggregates] == ["DG"]


def test_ffcsv_errors_collected_with_lines() -> None:
    text = FF_HEAD + (
        "2023;KREISE;03461;W;GES;GESM;1,5;Prozent;Q;Q;\n"
        "20x3;KREISE;03461;W;GES;GESM;1,5;Prozent;Q;Q;\n"
        "2023;KREISE;03461;W;GES;GESM;1;5;Prozent;Q;Q;\n"
        "2023;KREISE;03461;W;GES;GESM;abc;Prozent;Q;Q;\n"
    )
    with pytest.raises(parsers.ParseError) as info:
        parsers.parse(text)
    assert [(i.line, i.column) for i in info.value.issues] == [(3, 1), (4, None), (5, 7)]


# --- generic ----------------------------------------------------------------------------


def test_generic_with_mapping() -> None:
    text = "Kreis;Jahr;Wert\n03461;2023;1.234,5\n03157;2023;.\n"
    parsed = parsers.parse(
        text, mapping={"ags": "Kreis", "period": "Jahr", "value": "Wert", "indicator_code": "x"}
    )
    assert [(v.ags, v.value, v.missing) for v in parsed.values] == [
        ("03461", Decimal("1234.5"), ""),
        ("03157", None, "."),
    ]


def test_generic_keeps_leading_zero_and_refuses_short_ags() -> None:
    text = "ags;year;value;ind\n3461;2023;1;a\n"
    with pytest.raises(parsers.ParseError) as info:
        parsers.parse(
            text, mapping={"ags": "ags", "period": "year", "value": "value", "indicator": "ind"}
        )
    assert (info.value.issues[0].line, info.value.issues[0].column) == (2, 1)


# --- numbers: examples and properties ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("82175684", Decimal("82175684")),
        ("6,8", Decimal("6.8")),
        ("-3,25", Decimal("-3.25")),
        (" 10.155 ", Decimal("10155")),
        ("1.000.000", Decimal("1000000")),
    ],
)
def test_parse_number_german(text: str, expected: Decimal) -> None:
    assert parsers.parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "1,2,3", "1.23,4", "12.34", "abc", "1 2", ",5", "1.2345"])
def test_parse_number_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parsers.parse_number(text)


@pytest.mark.parametrize("symbol", ["-", ".", "/", "x", "...", "( )"])
def test_placeholders_are_never_zero(symbol: str) -> None:
    value, missing = parsers.parse_cell(symbol)
    assert value is None
    assert missing


def german(value: Decimal, grouping: bool) -> str:
    sign = "-" if value < 0 else ""
    integer, _, fraction = f"{abs(value):f}".partition(".")
    if grouping:
        integer = f"{int(integer):,}".replace(",", ".")
    return sign + integer + ("," + fraction if fraction else "")


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False),
    st.booleans(),
)
def test_german_number_round_trip(value: Decimal, grouping: bool) -> None:
    assert parsers.parse_number(german(value, grouping)) == value


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_english_number_round_trip(value: Decimal) -> None:
    assert parsers.parse_number(f"{value:,f}", decimal_comma=False) == value


@given(st.text(max_size=20))
def test_parse_cell_only_raises_value_error(text: str) -> None:
    try:
        value, missing = parsers.parse_cell(text)
    except ValueError:
        return
    assert (value is None) == bool(missing) or missing == "()"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["03", "03157", "03357", "03461", "031", "DG"]),
            st.integers(min_value=1990, max_value=2030),
            st.one_of(
                st.decimals(min_value=0, max_value=10**9, places=1, allow_nan=False),
                st.sampled_from(["-", ".", "/", "x", "..."]),
            ),
        ),
        min_size=1,
        max_size=30,
    ),
    st.integers(min_value=0, max_value=6),
    st.sampled_from(["\r\n", "\n"]),
    st.sampled_from(["utf-8-sig", "iso-8859-1", "utf-8"]),
)
def test_classic_table_variations(rows, indent, newline, encoding) -> None:  # type: ignore[no-untyped-def]
    """Any table we write in the classic layout reads back to the same values."""
    lines = ["GENESIS-Tabelle: 12521-0040", "Ausländer: Kreise;;;", ";;;Ausländer", ";;;Anzahl"]
    for ags, year, value in rows:
        cell = value if isinstance(value, str) else german(value, grouping=True)
        lines.append(f"{year};{ags};{' ' * indent}Gebiet {ags};{cell}")
    lines += ["__________", "© Statistische Ämter des Bundes und der Länder"]
    text = parsers.decode(newline.join(lines).encode(encoding))
    kept = [r for r in rows if r[0] not in ("031", "DG")]
    if not kept:  # only aggregates: nothing to import is an error, not an empty import
        with pytest.raises(parsers.ParseError):
            parsers.parse(text)
        return
    parsed = parsers.parse(text)
    assert len(parsed.values) == len(kept)
    assert len(parsed.aggregates) == len(rows) - len(kept)
    for v, (ags, year, value) in zip(parsed.values, kept, strict=True):
        assert (v.ags, v.period.year) == (ags, year)
        if isinstance(value, str):
            assert (v.value, v.missing) == (None, value)
        else:
            assert v.value == value


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    text = parsers.decode(data)
    try:
        parsers.parse(text)
    except parsers.ParseError as error:
        assert error.issues
        assert all(i.line >= 1 for i in error.issues)


def test_broken_xlsx_gets_a_message() -> None:
    """A ZIP that is no workbook, and a text file named .xlsx, are refused with a reason."""
    with translation.override("en"):
        with pytest.raises(parsers.ParseError, match="not a readable Excel workbook"):
            parsers.parse_bytes(b"PK\x03\x04rest of a zip file", mapping={"ags": "AGS"})
        with pytest.raises(parsers.ParseError, match=r"named \.xlsx"):
            parsers.parse_bytes(b"ags;year;value\n03;2023;1\n", filename="table.xlsx")
        with pytest.raises(parsers.ParseError, match="Excel file"):
            parsers.decode_any(b"PK\x03\x04rest of a zip file")


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.tuples(
            st.sampled_from(["03", "03157", "03357", "03461", "03461001"]),
            st.integers(min_value=1990, max_value=2030),
        ),
        st.one_of(
            st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
            st.sampled_from(["-", ".", "/", "x"]),
        ),
        min_size=1,
        max_size=25,
    ),
    st.booleans(),
    st.randoms(use_true_random=False),
)
def test_ffcsv_variations(values, iso_dates, rnd) -> None:  # type: ignore[no-untyped-def]
    """Unsorted ffcsv rows in any order read back to the same values (German decimals)."""
    rows = []
    for (ags, year), value in values.items():
        time = f"{year}-12-31" if iso_dates else str(year)
        cell = value if isinstance(value, str) else german(value, grouping=False)
        var = {2: "DLAND", 5: "KREISE", 8: "GEMEIN"}[len(ags)]
        rows.append(f"{time};{var};{ags};Gebiet;;;{cell};Anzahl;BEVSTD;Bevölkerung;e")
    rnd.shuffle(rows)
    text = FF_HEAD + "\n".join(rows) + "\n"
    parsed = parsers.parse(text)
    got = {(v.ags, v.period.year): (v.value, v.missing) for v in parsed.values}
    want = {k: (None, v) if isinstance(v, str) else (v, "") for k, v in values.items()}
    assert got == want
    assert all(v.period_is_year != iso_dates for v in parsed.values)
