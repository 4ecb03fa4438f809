"""The parser of pasted Vorlagen (``council.parsing``) and ``manage.py paper_import``.

The four seed Vorlagen and the constructed variants live in ``fixtures/`` as ``NAME.txt`` with
the expected ``paper_import --json`` output in ``NAME.expected.json`` (written by reading the
texts, not by running the parser)."""

import datetime
import io
import json
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teilhabe.council.management.commands.paper_import import Command as PaperImport
from teilhabe.council.parsing import JSON_KEYS, ParsedPaper, parse_vorlage
from teilhabe.council.parsing.accuracy import measure
from teilhabe.council.parsing.values import parse_amounts, parse_date, parse_votes

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def fixture(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def expected(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))


def assert_nothing_dropped(text: str, paper: ParsedPaper) -> None:
    """Every visible character of the source is in a field's span or in ``unrecognised``."""
    covered = bytearray(len(text))
    for spans in paper.spans.values():
        for a, b in spans:
            assert 0 <= a <= b <= len(text)
            covered[a:b] = b"\x01" * (b - a)
    assert len(paper.unrecognised) == len(paper.unrecognised_spans)
    for block, (a, b) in zip(paper.unrecognised, paper.unrecognised_spans, strict=True):
        assert text[a:b] == block  # verbatim
        covered[a:b] = b"\x01" * (b - a)
    dropped = [
        (i, ch)
        for i, ch in enumerate(text)
        if not covered[i] and not ch.isspace() and unicodedata.category(ch) != "Cf"
    ]
    assert not dropped, dropped[:20]


# --------------------------------------------------------------------------- fixtures


def test_there_are_seeds_and_at_least_15_variants() -> None:
    assert {"seed_000", "seed_002", "seed_003", "seed_004"} <= set(CASES)
    assert len([c for c in CASES if c.startswith("variant_")]) >= 15
    for name in CASES:
        assert (FIXTURES / f"{name}.expected.json").exists(), name


@pytest.mark.parametrize("name", CASES)
def test_fixture_extracts_exactly(name: str) -> None:
    text = fixture(name)
    paper = parse_vorlage(text)
    got = paper.to_json_dict()
    assert list(got) == list(JSON_KEYS)
    assert got == expected(name)
    assert_nothing_dropped(text, paper)


@pytest.mark.parametrize("name", CASES)
def test_windows_line_endings_and_bom_change_nothing(name: str) -> None:
    text = "\ufeff" + fixture(name).replace("\n", "\r\n")
    paper = parse_vorlage(text)
    assert paper.to_json_dict() == expected(name)
    assert_nothing_dropped(text, paper)


def test_accuracy_script_agrees_with_the_fixtures() -> None:
    table, misses = measure()
    assert [m for m in misses if not m.startswith("[blind]")] == []
    assert set(table) == set(JSON_KEYS)
    assert table["reference"]["seeds"] == [4, 4]


# --------------------------------------------------------------------------- the seeds in detail


def test_seed_000_wesermarsch_details() -> None:
    text = fixture("seed_000")
    paper = parse_vorlage(text)
    assert paper.paper_type == "Beschlussvorlage"
    assert paper.clerk == "Frau Heldberg"
    assert paper.file_number == "31_30 Integrationskonzept"
    assert paper.climate_text == "./."
    assert paper.financial_text is not None
    assert paper.financial_text.startswith("Die Maßnahmen werden mit den vorhandenen Stellen")
    assert paper.facts is not None
    # a paragraph broken by the extraction ("große Chance und" / "Bereicherung dar") is joined
    assert "eine große Chance und Bereicherung dar" in paper.facts
    assert paper.signed_by == "Heldberg"
    assert paper.unrecognised == []
    assert paper.warnings == []
    assert [c.role for c in paper.consultations] == [None, None, None]
    (a, b) = paper.spans["reference"][0]
    assert text[a:b] == "Vorlage Nr.: 2024/FD91/457"
    (a, b) = paper.spans["consultations.1"][0]
    assert text[a:b] == "Kreisausschuss\t09.12.2024"


def test_seed_002_peine_details() -> None:
    paper = parse_vorlage(fixture("seed_002"))
    assert paper.paper_type == "Beschlussvorlage"
    assert paper.in_budget is True
    assert paper.costs_eur == 6000
    assert paper.qualified_majority is False
    assert paper.relevance_checks == {
        "Gender Mainstreaming": True,
        "Migration": True,
        "Prävention/Nachhaltigkeit": True,
        "Bildung": True,
        "Klima-/Umwelt-/Naturschutz": False,
    }
    assert paper.accounts == ["4271200", "4271305"]
    assert [c.public for c in paper.consultations] == [False, True]
    assert paper.facts is not None and paper.facts.startswith("Inhaltsbeschreibung:")
    # "einstimmig angenommen" in the Sachdarstellung is an earlier vote, not this paper's
    assert paper.votes is None
    assert paper.unrecognised == [
        "# Landkreis Peine Der Landrat",
        "Relevation wingration und Teilnabe",
        "Mitwirkung Landrat:\tja",
    ]


def test_seed_003_boerde_details() -> None:
    paper = parse_vorlage(fixture("seed_003"))
    assert paper.paper_type == "Beschlussvorlage"
    assert paper.clerk == "Sladky, Corinna"
    assert paper.submitter == "Sladky FDLin Migration; Herzig Fachbereichsleiterin 3"
    assert [c.meeting_title for c in paper.consultations] == [
        "ordentliche Sitzung des Kultur- und Sozialausschusses",
        "ordentliche Sitzung des Kultur- und Sozialausschusses",
        "43. ordentliche Sitzung des Kreisausschusses",
        "21. ordentliche Sitzung des Kreistages des Landkreises Börde",
    ]
    assert [c.result for c in paper.consultations] == [None, None, None, "ungeändert beschlossen"]
    assert paper.votes is None  # "mit einstimmigem Beschluss vom 17. Mai 2017" is history
    assert paper.personnel_text is None  # only unticked form boxes
    assert paper.financial_text is not None
    assert paper.financial_text.startswith("Planmäßig: Die erforderlichen Mittel")
    assert "Verfahrensbeteiligte:" in paper.unrecognised


def test_seed_004_rotenburg_details() -> None:
    text = fixture("seed_004")
    paper = parse_vorlage(text)
    assert paper.reference is None
    assert "Keine Vorlagennummer gefunden." in paper.warnings
    # the empty Abstimmungsergebnis table is recognised (its source is kept) but gives no votes
    assert paper.votes is None
    assert [text[a:b] for a, b in paper.spans["votes"]] == [
        "Abstimmungsergebnis",
        "Ja Nein Enthalt.",
    ]
    # OCR: "fir" → "für" in the value, the span shows the source
    (a, b) = paper.spans["consultations.0"][0]
    assert text[a:b] == "28.02.2024 Ausschuss fir Soziales, Arbeit und Gesundheit"
    assert {(c.original, c.replacement) for c in paper.corrections} >= {
        ("fir", "für"),
        ("Wimme", "Wümme"),
        ("mafgeblich", "maßgeblich"),
        ("Verfligung", "Verfügung"),
        ("Hohe", "Höhe"),
        ("Uber", "Über"),
        ("regelmalig", "regelmäßig"),
        ("Maflnahme", "Maßnahme"),
    }
    # the page break "-2-" in the middle of a sentence is removed and the sentence joined
    assert paper.facts is not None
    assert "für Sprachkurse zur Verfügung gestellten Mittel von 1 Mio. €" in paper.facts
    assert paper.unrecognised == []


def test_without_ocr_fixes_the_values_keep_the_source_spelling() -> None:
    paper = parse_vorlage(fixture("seed_004"), fix_ocr=False)
    assert paper.consultations[0].committee == "Ausschuss fir Soziales, Arbeit und Gesundheit"
    assert paper.title is not None and "(Wimme)" in paper.title
    assert paper.corrections == []


# --------------------------------------------------------------------------- bad input


def test_a_text_that_is_no_vorlage_is_kept_whole() -> None:
    text = fixture("variant_not_a_vorlage")
    paper = parse_vorlage(text)
    assert paper.to_json_dict() == {
        key: expected("variant_not_a_vorlage")[key] for key in JSON_KEYS
    }
    assert paper.unrecognised == [text.strip()]
    assert paper.spans == {}
    assert paper.warnings and "nicht als Vorlage erkannt" in paper.warnings[0]


@pytest.mark.parametrize("text", ["", "   \n\t\n", "\ufeff", "Beratungsfolge:", "€", "31.02.2024"])
def test_degenerate_texts(text: str) -> None:
    paper = parse_vorlage(text)
    assert paper.reference is None and paper.consultations == []
    assert_nothing_dropped(text, paper)


def test_impossible_date_is_refused_with_a_reason() -> None:
    paper = parse_vorlage(fixture("variant_invalid_date"))
    assert paper.date is None
    assert "Ungültiges Datum „31.02.2024“ wurde nicht übernommen." in paper.warnings


# --------------------------------------------------------------------------- constructed details


def test_spaces_instead_of_tabs_in_the_beratungsfolge() -> None:
    text = fixture("seed_000").replace("\t", "    ")
    assert parse_vorlage(text).to_json_dict() == expected("seed_000")


def test_glued_bürgerinfo_rows_with_results_and_votes() -> None:
    paper = parse_vorlage(fixture("variant_buergerinfo_results"))
    assert [c.result for c in paper.consultations] == [
        "vertagt",
        "ungeändert empfohlen",
        "abgelehnt",
    ]
    assert paper.consultations[1].votes is not None
    assert paper.consultations[1].votes.to_json_dict() == {"yes": 10, "no": 2, "abstain": 0}
    assert paper.clerk == "Schmidt, Jonas"


def test_sessionnet_unanimous_vote() -> None:
    paper = parse_vorlage(fixture("variant_sessionnet"))
    assert paper.votes is not None and paper.votes.unanimous
    assert paper.consultations[2].result == "beschlossen"
    assert paper.clerk == "Müller, Anna"
    assert paper.paper_type == "Beschlussvorlage"


def test_antrag_and_mitteilung() -> None:
    antrag = parse_vorlage(fixture("variant_antrag"))
    assert antrag.paper_type == "Antrag"
    assert antrag.submitter == "Fraktion BÜNDNIS 90/DIE GRÜNEN"
    mitteilung = parse_vorlage(fixture("variant_mitteilung"))
    assert mitteilung.paper_type == "Mitteilungsvorlage"
    assert mitteilung.facts == "Die Verwaltung berichtet über den Stand der Umsetzung."


def test_markdown_table_status_flags() -> None:
    paper = parse_vorlage(fixture("variant_markdown_table"))
    assert [c.public for c in paper.consultations] == [True, False, True]


def test_reordered_blocks_accounts() -> None:
    paper = parse_vorlage(fixture("variant_reordered"))
    assert paper.accounts == ["1.3110.7180"]
    assert paper.facts is not None and paper.facts.startswith("Das Land stellt")


@pytest.mark.parametrize(
    ("line", "reference"),
    [
        ("Vorlage Nr.: 2024/FD91/457", "2024/FD91/457"),
        ("Vorlagennummer:\t\t2022/094", "2022/094"),
        ("Vorlage - 2018/33/0590", "2018/33/0590"),
        ("Vorlage: VO/2021/09701", "VO/2021/09701"),
        ("Drucksache DrS/2016/070", "DrS/2016/070"),
        ("DrS-Nr.: 2016/070", "2016/070"),
        ("Vorlage V 315/2012", "V 315/2012"),
        ("Beschlussvorlage VO/2021/09701", "VO/2021/09701"),
        ("Vorlagen-Nr.: 0815", "0815"),
    ],
)
def test_reference_formats(line: str, reference: str) -> None:
    text = f"{line}\nBetreff: Ein Betreff\n\nBeschlussvorschlag:\nEs wird beschlossen.\n"
    paper = parse_vorlage(text)
    assert paper.reference == reference
    assert paper.title == "Ein Betreff"
    assert_nothing_dropped(text, paper)


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("6.000 €", [6000]),
        ("1 Mio. €", [1000000]),
        ("100.000,-- EUR", [100000]),
        ("1,2 Mio. €", [1200000]),
        ("mindestens 10.000€", [10000]),
        ("12.500,50 Euro", [Decimal("12500.5")]),
        ("€ 2.500", [2500]),
        ("50 T€", [50000]),
        ("2,5 Millionen Euro", [2500000]),
        ("Kosten (Betrag in €):", []),
        ("90.000 Einwohner", []),
    ],
)
def test_amounts(text: str, amounts: list) -> None:
    assert [value for value, _, _ in parse_amounts(text)] == amounts


@pytest.mark.parametrize(
    ("text", "votes", "unanimous"),
    [
        ("einstimmig", {"yes": None, "no": None, "abstain": None}, True),
        ("mehrheitlich bei 2 Gegenstimmen", {"yes": None, "no": 2, "abstain": None}, False),
        ("Ja 45 / Nein 3 / Enthaltung 1", {"yes": 45, "no": 3, "abstain": 1}, False),
        ("Ja 45 / Nein 3", {"yes": 45, "no": 3, "abstain": None}, False),
        ("Ja: 12, Nein: 0, Enthaltungen: 1", {"yes": 12, "no": 0, "abstain": 1}, False),
        ("12 Ja-Stimmen 3 Nein-Stimmen 1 Enthaltung", {"yes": 12, "no": 3, "abstain": 1}, False),
        ("einstimmig bei einer Enthaltung", {"yes": None, "no": None, "abstain": 1}, True),
        ("ohne Gegenstimmen", {"yes": None, "no": 0, "abstain": None}, False),
    ],
)
def test_votes(text: str, votes: dict, unanimous: bool) -> None:
    parsed, _ = parse_votes(text)
    assert parsed is not None
    assert parsed.to_json_dict() == votes
    assert parsed.unanimous is unanimous


def test_no_votes() -> None:
    assert parse_votes("ungeändert beschlossen")[0] is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("28.11.2024", datetime.date(2024, 11, 28)),
        ("28.11.24", datetime.date(2024, 11, 28)),
        ("17. Mai 2017", datetime.date(2017, 5, 17)),
        ("1. März 2020", datetime.date(2020, 3, 1)),
        ("31.02.2024", None),
        ("10.055 Menschen", None),
    ],
)
def test_dates(text: str, date: datetime.date | None) -> None:
    assert parse_date(text) == date


# --------------------------------------------------------------------------- properties

FRAGMENTS = [
    "Beratungsfolge:",
    "Gremium\tam",
    "Kreisausschuss (Vorberatung)\t\t22.06.2022\tN",
    "28.02.2024 Ausschuss fir Soziales",
    "ordentliche Sitzung des Kreistages ungeändert beschlossen (2018/33/0590)",
    "Vorlage Nr.: 2024/FD91/457",
    "Status:öffentlichVorlage-Art:Beschlussvorlage",
    "Betreff:",
    "Bezeichnung: Maflnahmen fiir alle",
    "- öffentlich -",
    "Beschlussvorschlag:",
    "Sachverhalt:",
    "Anlagen:",
    "Anlage 1 1 Integrationskonzept (2143 KB)",
    "Abstimmungsergebnis",
    "Ja Nein Enthalt.",
    "Ja\tNein\tEnthaltung",
    "12\t0\t1",
    "einstimmig bei 2 Gegenstimmen",
    "1,2 Mio. € und 100.000,-- EUR",
    "Gender Mainstreaming\tja\tMigration\tnein",
    "Qualifizierte Mehrheit:\tja",
    "Produktsachkonto: 4271200",
    "-2-",
    "gez. Heldberg",
    "Datum: 31.02.2024",
    "\ufeff",
    "\r\n",
    "\xa0",
    "",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_text_never_raises_and_nothing_is_dropped(text: str) -> None:
    paper = parse_vorlage(text)
    json.dumps(paper.to_json_dict())
    assert_nothing_dropped(text, paper)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=25), max_size=25))
def test_random_vorlage_like_text_never_raises_and_nothing_is_dropped(parts: list[str]) -> None:
    text = "\n".join(parts)
    paper = parse_vorlage(text)
    assert list(paper.to_json_dict()) == list(JSON_KEYS)
    json.dumps(paper.to_json_dict(), ensure_ascii=False)
    assert_nothing_dropped(text, paper)


# --------------------------------------------------------------------------- paper_import


def run_import(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command(PaperImport(), *args, stdout=out, stderr=io.StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_paper_import_json_prints_one_object_per_file() -> None:
    names = ["seed_000", "seed_002", "seed_003", "seed_004"]
    result = run_import("--json", *[str(FIXTURES / f"{n}.txt") for n in names])
    assert result == [expected(n) for n in names]


def test_paper_import_is_registered_as_a_command() -> None:
    out = io.StringIO()
    call_command("paper_import", "--json", str(FIXTURES / "seed_002.txt"), stdout=out)
    assert json.loads(out.getvalue())["reference"] == "2022/094"


def test_paper_import_reads_bom_and_cp1252(tmp_path: Path) -> None:
    text = fixture("seed_002")
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(text.encode("cp1252"))
    assert run_import("--json", str(bom), str(legacy)) == [expected("seed_002")] * 2


def test_paper_import_missing_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "fehlt.txt"
    with pytest.raises(CommandError, match=r"fehlt\.txt"):
        run_import("--json", str(FIXTURES / "seed_000.txt"), str(missing))


def test_paper_import_without_json_needs_a_body() -> None:
    with pytest.raises(CommandError, match="--body"):
        run_import(str(FIXTURES / "seed_000.txt"))
