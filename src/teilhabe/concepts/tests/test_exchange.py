"""The exchange format: round trips, validation messages and the commands."""

import copy
import io
import string

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from teilhabe.concepts.exchange import (
    ImportErrors,
    dump_json,
    dump_yaml,
    edition_export,
    edition_import,
    load_file,
    loads,
    schema,
    validate,
)
from teilhabe.concepts.models import Edition, Lineage, Measure
from teilhabe.core.models import AuditEntry, Body

from .factories import counts, demo_file, import_demo, make_edition_with_lineage, make_user, wipe

DEMO_SETS = {
    "wesermarsch": ["wesermarsch-2024.yaml"],
    "peine": ["peine-2022-teil-1.yaml", "peine-2022-teil-2.yaml"],
    "boerde": ["boerde-2018.yaml"],
    "rotenburg-wuemme": ["rotenburg-wuemme-2023.yaml"],
}
DUMPERS = {"yaml": dump_yaml, "json": dump_json}


def export_all(editions: list[Edition], fmt: str) -> list[str]:
    return [DUMPERS[fmt](edition_export(Edition.objects.get(pk=e.pk))) for e in editions]


def reimport(texts: list[str], fmt: str) -> list[Edition]:
    return [edition_import(data=loads(text, fmt=fmt)) for text in texts]


def assert_round_trip(editions: list[Edition], fmt: str) -> None:
    first = export_all(editions, fmt)
    wipe()
    assert Body.all_objects.count() == 0 and AuditEntry.objects.count() == 0
    second = export_all(reimport(first, fmt), fmt)
    assert second == first


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(schema())


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("district", list(DEMO_SETS))
def test_demo_files_round_trip_byte_identical(district, fmt):
    editions = [import_demo(name) for name in DEMO_SETS[district]]
    assert_round_trip(editions, fmt)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_successor_with_lineage_round_trips(fmt):
    user = make_user()
    first, second = make_edition_with_lineage(user)
    assert first.status == Edition.Status.SUPERSEDED
    data = edition_export(second)
    kinds = {
        link["kind"]
        for f in data["fields_of_action"]
        for m in f["measures"]
        for link in m["lineage"]
    }
    assert kinds == {"continued", "merged", "split"}
    assert data["dropped"] == [{"key": "m1", "reason": "Kurse laufen über das BAMF"}]
    assert data["edition"]["predecessor"] == "2020"
    assert_round_trip([first, second], fmt)
    reimported = Edition.objects.get(label="2022")
    assert reimported.status == Edition.Status.IN_FORCE
    assert Edition.objects.get(label="2020").status == Edition.Status.SUPERSEDED
    assert Lineage.objects.filter(edition=reimported, kind="dropped").count() == 1
    assert (
        AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT, agent="concept_import").count()
        == 2
    )


@pytest.mark.django_db
def test_export_writes_every_key_in_order():
    edition = import_demo("wesermarsch-2024.yaml")
    data = edition_export(edition)
    assert list(data) == [
        "format",
        "body",
        "concept",
        "edition",
        "actors",
        "principles",
        "sections",
        "fields_of_action",
        "dropped",
        "focus",
    ]
    assert list(data["edition"]) == [
        "label",
        "title",
        "status",
        "valid_from",
        "review_due",
        "predecessor",
        "introduction",
        "source_note",
    ]
    measure = data["fields_of_action"][0]["measures"][0]
    assert list(measure) == [
        "key",
        "title",
        "description",
        "objectives",
        "lead_actor",
        "partner_actors",
        "target_groups",
        "start",
        "end",
        "planned_budget",
        "status",
        "focus",
        "source_note",
        "lineage",
    ]
    assert validate(data) != []  # the edition exists already ...
    assert not list(Draft202012Validator(schema()).iter_errors(data))  # ... but the shape is right
    text = dump_yaml(data)
    assert "ags: '03461'" in text
    assert "source_note: |-\n" in text


# --- bad input --------------------------------------------------------------------------


def wesermarsch() -> dict:
    return load_file(demo_file("wesermarsch-2024.yaml"))


@pytest.mark.django_db
def test_all_errors_are_reported_and_nothing_is_written():
    import_demo("boerde-2018.yaml")
    before = counts()
    data = wesermarsch()
    del data["fields_of_action"][2]["measures"][0]["title"]
    data["fields_of_action"][0]["measures"][1]["objectives"] = ["x"]
    data["fields_of_action"][1]["goals"][1]["key"] = "iko-z1"
    data["fields_of_action"][3]["measures"][0]["lead_actor"] = "jobcenter"
    data["fields_of_action"][3]["measures"][0]["status"] = "fertig"
    data["fields_of_action"][3]["measures"][0]["colour"] = "blau"
    data["edition"]["valid_from"] = "2024-02-30"
    data["focus"] = [{"year": 2025, "field_of_action": "nirgends"}]
    with pytest.raises(ImportErrors) as info:
        edition_import(data=data)
    errors = info.value.errors
    for expected in [
        "fields_of_action[2].measures[0].title: Pflichtfeld fehlt",
        "fields_of_action[0].measures[1].objectives[0]: unbekanntes Teilziel „x“",
        "fields_of_action[1].goals[1].key: Schlüssel „iko-z1“ kommt mehrfach vor "
        "(zuerst in fields_of_action[0].goals[0])",
        "fields_of_action[3].measures[0].lead_actor: unbekannter Akteur „jobcenter“",
        "edition.valid_from: „2024-02-30“ ist kein gültiges Datum",
        "focus[0].field_of_action: unbekanntes Handlungsfeld „nirgends“",
    ]:
        assert expected in errors
    assert any(
        e.startswith("fields_of_action[3].measures[0].status: „fertig“ ist nicht erlaubt")
        for e in errors
    )
    assert any(
        e.startswith("fields_of_action[3].measures[0].colour: unbekanntes Feld") for e in errors
    )
    assert counts() == before


@pytest.mark.django_db
def test_ags_without_quotes_gets_a_hint():
    text = (
        demo_file("wesermarsch-2024.yaml")
        .read_text(encoding="utf-8")
        .replace('ags: "03461"', "ags: 03461")
    )
    data = loads(text)
    with pytest.raises(ImportErrors) as info:
        edition_import(data=data)
    assert info.value.errors == [
        "body.ags: muss eine Zeichenkette sein – in Anführungszeichen setzen, damit führende "
        "Nullen erhalten bleiben"
    ]
    assert Body.all_objects.count() == 0


@pytest.mark.django_db
def test_unquoted_dates_are_read_as_text():
    text = (
        demo_file("wesermarsch-2024.yaml")
        .read_text(encoding="utf-8")
        .replace('valid_from: "2024-12-16"', "valid_from: 2024-12-16")
    )
    assert loads(text)["edition"]["valid_from"] == "2024-12-16"


@pytest.mark.django_db
def test_existing_label_and_edition_in_force():
    import_demo("wesermarsch-2024.yaml")
    with pytest.raises(ImportErrors) as info:
        import_demo("wesermarsch-2024.yaml")
    assert info.value.errors == [
        "edition.label: Ausgabe „2024“ gibt es für Landkreis Wesermarsch schon",
        "edition.status: es gibt schon eine Ausgabe in Kraft („2024“)",
    ]


@pytest.mark.django_db
def test_unknown_predecessor_and_lineage_without_predecessor():
    data = load_file(demo_file("peine-2022-teil-2.yaml"))
    with pytest.raises(ImportErrors) as info:
        edition_import(data=data)
    assert info.value.errors == [
        "edition.predecessor: Vorgängerausgabe „2022 Teil 1“ gibt es nicht – zuerst importieren"
    ]
    data = wesermarsch()
    data["fields_of_action"][0]["measures"][0]["lineage"] = [{"from": "alt", "kind": "continued"}]
    data["dropped"] = [{"key": "weg"}]
    with pytest.raises(ImportErrors) as info:
        edition_import(data=data)
    assert info.value.errors == [
        "fields_of_action[0].measures[0].lineage[0].from: die Ausgabe hat keine Vorgängerausgabe "
        "(edition.predecessor)",
        "dropped[0].key: die Ausgabe hat keine Vorgängerausgabe (edition.predecessor)",
    ]


@pytest.mark.django_db
def test_lineage_from_unknown_measure_of_predecessor():
    import_demo("peine-2022-teil-1.yaml")
    data = load_file(demo_file("peine-2022-teil-2.yaml"))
    data["fields_of_action"] = [
        {
            "title": "Neu",
            "measures": [
                {"title": "M", "lineage": [{"from": "gibt-es-nicht", "kind": "continued"}]}
            ],
        }
    ]
    with pytest.raises(ImportErrors) as info:
        edition_import(data=data)
    assert info.value.errors == [
        "fields_of_action[0].measures[0].lineage[0].from: Maßnahme „gibt-es-nicht“ gibt es in "
        "der Vorgängerausgabe „2022 Teil 1“ nicht"
    ]


@pytest.mark.django_db
def test_body_with_same_ags_but_other_name_and_changed_actor():
    import_demo("wesermarsch-2024.yaml")
    data = wesermarsch()
    data["body"]["name"] = "Kreis Wesermarsch"
    data["edition"].update(label="2026", status="draft")
    with pytest.raises(ImportErrors) as info:
        edition_import(data=data)
    assert info.value.errors == [
        "body: mit dem AGS 03461 gibt es schon „Landkreis Wesermarsch“ (Art „landkreis“) – Name "
        "und Art müssen übereinstimmen"
    ]
    data = wesermarsch()
    data["edition"].update(label="2026", status="draft")
    data["actors"][1]["name"] = "Integrationsbeirat"
    with pytest.raises(ImportErrors) as info:
        edition_import(data=data)
    assert info.value.errors[0].startswith("actors[1]: Akteur „kmv“ gibt es schon")


@pytest.mark.django_db
def test_minimal_file_without_keys_gets_generated_keys():
    data = {
        "format": "teilhabe-edition/1",
        "body": {"name": "Landkreis Probe", "kind": "landkreis", "ags": "03998"},
        "concept": {"title": "Konzept"},
        "edition": {"label": "1", "title": "Erste Ausgabe"},
        "actors": [{"name": "Verein", "kind": "external"}],
        "fields_of_action": [
            {
                "title": "Feld",
                "goals": [{"title": "Ziel"}],
                "measures": [{"title": "Maßnahme", "planned_budget": 12.5}],
            }
        ],
    }
    edition = edition_import(data=data)
    exported = edition_export(edition)
    assert exported["edition"]["status"] == "draft"
    measure = exported["fields_of_action"][0]["measures"][0]
    assert measure["key"].startswith("m-") and measure["planned_budget"] == "12.50"
    assert exported["actors"][0]["key"].startswith("a-")
    assert exported["actors"][0]["category"] == "other"


@pytest.mark.django_db
def test_structural_messages():
    data = {
        "format": "teilhabe-edition/2",
        "body": {"name": "", "kind": "dorf", "ags": "3461"},
        "concept": {},
        "edition": {"label": 2024, "title": "T", "status": "in_force", "valid_from": "16.12.2024"},
    }
    errors = validate(data)
    assert "format: muss „teilhabe-edition/1“ sein" in errors
    assert "body.name: darf nicht leer sein" in errors
    assert any(
        e.startswith("body.kind: „dorf“ ist nicht erlaubt – möglich sind „landkreis“")
        for e in errors
    )
    assert "body.ags: „3461“ ist kein AGS – erwartet 2, 5 oder 8 Ziffern" in errors
    assert "concept.title: Pflichtfeld fehlt" in errors
    assert "edition.label: muss eine Zeichenkette sein – in Anführungszeichen setzen" in errors
    assert "edition.valid_from: „16.12.2024“ ist kein Datum im Format JJJJ-MM-TT" in errors
    data["body"] = {"name": "Landkreis Kurz", "kind": "landkreis", "ags": "03"}
    assert (
        "body.ags: eine Körperschaft der Art „landkreis“ hat einen AGS aus 5 Ziffern"
        in validate(data)
    )


def test_yaml_syntax_errors_name_the_line():
    with pytest.raises(ImportErrors) as info:
        loads("format: teilhabe-edition/1\nbody:\n  name: [Landkreis\n  kind: landkreis\n")
    assert info.value.errors[0].startswith("Zeile ")
    with pytest.raises(ImportErrors) as info:
        loads("format: a\nbody: {}\nformat: b\n")
    assert info.value.errors == [
        "Zeile 3, Spalte 1: YAML-Syntaxfehler: der Schlüssel „format“ steht zweimal in derselben "
        "Zuordnung"
    ]
    with pytest.raises(ImportErrors) as info:
        loads('{"format": ', fmt="json")
    assert info.value.errors[0].startswith("Zeile 1, Spalte 12: ungültiges JSON")


# --- commands ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_and_export_commands(tmp_path):
    out = io.StringIO()
    call_command(
        "concept_import",
        str(demo_file("peine-2022-teil-1.yaml")),
        str(demo_file("peine-2022-teil-2.yaml")),
        stdout=out,
    )
    assert (
        "Ausgabe „2022 Teil 1“ (in force) für Landkreis Peine angelegt" in out.getvalue()
        or "Ausgabe „2022 Teil 1“" in out.getvalue()
    )
    assert "Ausgabe „2022 Teil 2“" in out.getvalue()

    for fmt in ("yaml", "json"):
        out = io.StringIO()
        call_command("concept_export", "--body", "03157", "--format", fmt, stdout=out)
        in_force = Edition.objects.get(label="2022 Teil 1")
        assert out.getvalue() == DUMPERS[fmt](edition_export(in_force))
    out = io.StringIO()
    call_command("concept_export", "--body", "03157", "--edition", "2022 Teil 2", stdout=out)
    exported = tmp_path / "teil-2.yaml"
    exported.write_text(out.getvalue(), encoding="utf-8")
    first = tmp_path / "teil-1.yaml"
    first.write_text(
        dump_yaml(edition_export(Edition.objects.get(label="2022 Teil 1"))), encoding="utf-8"
    )

    wipe()
    call_command("concept_import", str(first), str(exported), stdout=io.StringIO())
    out = io.StringIO()
    call_command("concept_export", "--body", "03157", "--edition", "2022 Teil 2", stdout=out)
    assert out.getvalue() == exported.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_import_command_reports_errors_per_file(tmp_path):
    bad = tmp_path / "kaputt.yaml"
    data = wesermarsch()
    data["body"]["ags"] = 3461
    del data["concept"]["title"]
    bad.write_text(dump_yaml(data), encoding="utf-8")
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 von 2 Dateien nicht importiert"):
        call_command(
            "concept_import",
            str(bad),
            str(demo_file("boerde-2018.yaml")),
            stdout=io.StringIO(),
            stderr=err,
        )
    lines = err.getvalue().splitlines()
    assert f"{bad}: concept.title: Pflichtfeld fehlt" in lines
    assert any(line.startswith(f"{bad}: body.ags: muss eine Zeichenkette sein") for line in lines)
    assert counts()["Edition"] == before["Edition"] + 1  # Börde went in, the bad file did not
    assert not Body.objects.filter(territory__ags="03461").exists()


@pytest.mark.django_db
def test_export_command_errors():
    with pytest.raises(CommandError, match="keine Körperschaft mit dem AGS „09999“"):
        call_command("concept_export", "--body", "09999", stdout=io.StringIO())
    import_demo("boerde-2018.yaml")
    with pytest.raises(CommandError, match="keine Ausgabe „2030“ \\(vorhanden: „2018“\\)"):
        call_command("concept_export", "--body", "15083", "--edition", "2030", stdout=io.StringIO())


# --- YAML stability ---------------------------------------------------------------------

TRICKY = [
    "0123",
    "03461",
    "2024",
    "2024-12-16",
    "yes",
    "no",
    "null",
    "~",
    "true",
    "1e3",
    "0x1F",
    "- Punkt",
    "a: b",
    "# Kommentar",
    "„Zitat“",
    "'einfach'",
    '"doppelt"',
    " führend",
    "",
    "Zeile\n",
    "\nZeile",
    "a\n\nb\n\n",
    "Größe: 10.000 €",
    "tab\tzeichen",
    "*stern",
    "&anker",
]
text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(
        alphabet=string.ascii_letters + string.digits + "äöüÄÖÜß€„“\"' \n:-#*&!|>%@`{}[],.",
        max_size=40,
    ),
    st.text(max_size=20),
)
key = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,10}", fullmatch=True)
measure = st.fixed_dictionaries(
    {
        "key": key,
        "title": text,
        "description": text,
        "objectives": st.lists(key, max_size=2),
        "lead_actor": st.none() | key,
        "planned_budget": st.none() | st.sampled_from(["0.00", "10000.00"]),
        "status": st.sampled_from(["", "planned"]),
        "focus": st.booleans(),
        "source_note": text,
        "lineage": st.lists(
            st.fixed_dictionaries({"from": key, "kind": st.just("merged"), "reason": text}),
            max_size=1,
        ),
    }
)
edition_data = st.fixed_dictionaries(
    {
        "format": st.just("teilhabe-edition/1"),
        "body": st.fixed_dictionaries(
            {
                "name": text,
                "kind": st.just("landkreis"),
                "ags": st.from_regex(r"\d{5}", fullmatch=True),
            }
        ),
        "edition": st.fixed_dictionaries(
            {"label": text, "title": text, "valid_from": st.none() | text, "introduction": text}
        ),
        "sections": st.lists(
            st.fixed_dictionaries({"key": key, "title": text, "text": text}), max_size=3
        ),
        "fields_of_action": st.lists(
            st.fixed_dictionaries(
                {
                    "key": key,
                    "title": text,
                    "cross_cutting": st.booleans(),
                    "measures": st.lists(measure, max_size=3),
                }
            ),
            max_size=2,
        ),
        "focus": st.lists(
            st.fixed_dictionaries({"year": st.integers(1990, 2100), "description": text}),
            max_size=2,
        ),
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edition_data)
def test_yaml_dump_load_dump_is_stable(data):
    dumped = dump_yaml(data)
    loaded = loads(dumped)
    assert loaded == data
    assert dump_yaml(loaded) == dumped
    assert loads(dump_json(data), fmt="json") == copy.deepcopy(data)


@pytest.mark.django_db
def test_import_is_one_transaction_even_when_a_service_refuses(monkeypatch):
    """A rule only the model knows still leaves nothing behind."""
    before = counts()
    data = wesermarsch()
    data["fields_of_action"][0]["measures"][0]["title"] = "x" * 501
    with pytest.raises(ImportErrors) as info:
        edition_import(data=data)
    assert info.value.errors == [
        "fields_of_action[0].measures[0].title: ist zu lang (höchstens 500 Zeichen)"
    ]
    assert counts() == before
    assert Measure.all_objects.count() == 0
