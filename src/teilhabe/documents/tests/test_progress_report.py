"""The Sachstandsbericht: its content, the Word file and the PDF read back, the frozen snapshot.

District A of the shared world gets a second field of action, four measures with accepted
progress updates in 2023 and 2024, budget lines (one overspent), a strategic focus for 2024
and a monitoring target. The report covers 01.01.2024–31.12.2024, as of 30.06.2024.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from conftest import World
from docx import Document

from teilhabe.concepts import services as concept_services
from teilhabe.concepts.models import Edition, FieldOfAction, Measure
from teilhabe.documents.progress_report import report_build, report_content
from teilhabe.documents.report_layout import number, percent
from teilhabe.documents.report_pdf import report_pdf, report_source
from teilhabe.documents.report_word import report_docx
from teilhabe.tracking import services as tracking_services
from teilhabe.tracking.budget import budget_line_create
from teilhabe.tracking.models import ProgressReport, StatusOption

from .conftest import SPECIAL, load_pdf_text

pytestmark = pytest.mark.django_db

FROM, TO = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
AS_OF = datetime.date(2024, 6, 30)
NBSP = "\u00a0"


@dataclass
class ReportWorld:
    world: World
    edition: Edition
    language: FieldOfAction
    work: FieldOfAction
    cafe: Measure
    parents: Measure
    coaching: Measure
    advice: Measure


def _status(world: World, code: str) -> StatusOption:
    return StatusOption.objects.get(body=world.a.body, code=code)


@pytest.fixture
def report_world(world: World) -> ReportWorld:
    return build_report_world(world)


def build_report_world(world: World) -> ReportWorld:
    """District A with two fields of action, four measures, updates, budget and a focus."""
    user = world.users["coordinator_a"]
    edition = world.a.in_force
    language = world.a.items["field"]

    def add(model: type, **data: Any) -> Any:
        return concept_services.item_create(user=user, model=model, edition=edition, data=data)

    work = add(FieldOfAction, title="Arbeit und Ausbildung Alpha")
    parents = add(Measure, field=language, title="Elternkurse Alpha", lead_actor=world.a.partner)
    coaching = add(Measure, field=work, title="Jobcoaching Alpha", lead_actor=world.a.actor)
    advice = add(
        Measure,
        field=work,
        title=f"Beratungsstelle {SPECIAL}",
        status="planned",
        start=datetime.date(2024, 1, 1),
    )
    cafe = world.a.items["measure"]

    def record(
        measure: Measure, day: tuple[int, int, int], code: str, pct: int | None, text: str
    ) -> None:
        tracking_services.progress_record(
            user=user,
            measure=measure,
            date=datetime.date(*day),
            status=_status(world, code),
            percent=pct,
            narrative=text,
        )

    record(cafe, (2023, 12, 1), "in_progress", 30, "Erste Termine.")
    record(cafe, (2024, 3, 1), "in_progress", 70, "Wöchentlich 25 Teilnehmende.")
    record(parents, (2024, 5, 1), "implemented", None, "Alle Kurse durchgeführt.")
    record(coaching, (2024, 2, 1), "postponed", 0, "Keine Fachkraft gefunden.")

    budget_line_create(
        user=user,
        edition=edition,
        data={
            "field": language,
            "year": 2024,
            "label": "Sprachkurse",
            "planned": Decimal("1000000"),
            "approved": Decimal("1000000"),
            "committed": Decimal("800000"),
            "spent": Decimal("950000.50"),
            "funding_source": "land",
        },
    )
    budget_line_create(
        user=user,
        edition=edition,
        data={
            "measure": parents,
            "year": 2024,
            "label": "Honorare Elternkurse",
            "planned": Decimal("6000"),
            "approved": Decimal("6000"),
            "spent": Decimal("7500"),
            "funding_source": "kreis",
        },
    )
    budget_line_create(
        user=user,
        edition=edition,
        data={
            "field": work,
            "year": 2023,
            "label": "Vorjahr, nicht im Zeitraum",
            "planned": Decimal("10000"),
            "funding_source": "kreis",
        },
    )
    concept_services.focus_create(
        user=user, edition=edition, year=2024, field=language, description="Sprache und Bildung."
    )
    return ReportWorld(world, edition, language, work, cafe, parents, coaching, advice)


def _content(rw: ReportWorld, **kwargs: Any) -> dict[str, Any]:
    return report_content(edition=rw.edition, period_from=FROM, period_to=TO, today=AS_OF, **kwargs)


def test_german_numbers() -> None:
    assert number(Decimal("1234567.50")) == "1.234.567,5"
    assert number(Decimal("10.000000")) == "10"
    assert percent(Decimal("42.5")) == f"42,5{NBSP}%"
    assert percent(None) == "–"


def test_content_counts_progress_budget_and_highlights(report_world: ReportWorld) -> None:
    content = _content(report_world)
    summary = content["summary"]
    assert summary["measures"] == 4
    assert {i["code"]: i["count"] for i in summary["lights"]} == {
        "on_track": 1,
        "delayed": 1,
        "blocked": 1,
        "done": 1,
    }
    # language: (70 + 100) / 2 = 85; work: 0 and 0; edition: (85 + 0) / 2
    assert summary["progress"] == f"42,5{NBSP}%"
    assert [(f["title"], f["progress"]) for f in content["fields"]] == [
        ("Sprache und Bildung Alpha", f"85{NBSP}%"),
        ("Arbeit und Ausbildung Alpha", f"0{NBSP}%"),
    ]
    assert content["chart"]["values"] == [1, 1, 1, 1]
    budget = content["budget"]
    assert [(r["field"], r["year"], r["planned"], r["spent"]) for r in budget["rows"]] == [
        ("Sprache und Bildung Alpha", 2024, f"1.006.000{NBSP}€", f"957.500,50{NBSP}€")
    ]
    assert budget["total"]["approved"] == f"1.006.000{NBSP}€"
    assert [(r["label"], r["over"]) for r in budget["overspent_lines"]] == [
        ("Honorare Elternkurse", f"1.500{NBSP}€")
    ]
    assert [(f["year"], f["field"]) for f in content["focus"]] == [
        (2024, "Sprache und Bildung Alpha")
    ]
    assert [(h["kind"], h["title"]) for h in content["highlights"]] == [
        ("done", "Elternkurse Alpha"),
        ("progress", "Sprachcafé Alpha"),
    ]
    assert content["highlights"][1]["gain"] == "+40 %"
    assert {r["title"] for r in content["delayed"]} == {
        "Jobcoaching Alpha",
        f"Beratungsstelle {SPECIAL}",
    }
    assert [r["title"] for r in content["stale"]] == [f"Beratungsstelle {SPECIAL}"]
    assert [r["title"] for r in content["appendix"]] == [
        "Sprachcafé Alpha",
        "Elternkurse Alpha",
        "Jobcoaching Alpha",
        f"Beratungsstelle {SPECIAL}",
    ]
    assert content["appendix"][0]["narrative"] == "Wöchentlich 25 Teilnehmende."
    assert content["appendix"][0]["last_report"] == "01.03.2024"


def test_scope_to_one_field(report_world: ReportWorld) -> None:
    content = _content(report_world, field=report_world.work)
    assert content["cover"]["scope"] == "Arbeit und Ausbildung Alpha"
    assert content["summary"]["measures"] == 2
    assert content["summary"]["progress"] == f"0{NBSP}%"
    assert content["budget"]["rows"] == []  # the 2023 line lies outside the period
    assert content["focus"] == []


def test_monitoring_targets_appear(report_world: ReportWorld) -> None:
    from teilhabe.monitoring import services as monitoring_services

    world = report_world.world
    user, body = world.users["coordinator_a"], world.a.body
    indicator = monitoring_services.indicator_create(
        user=user,
        body=body,
        code="sprachkurs_teilnehmende",
        data={"name_de": "Teilnehmende an Sprachkursen", "unit": "persons", "kind": "output"},
    )
    monitoring_services.observation_record(
        user=user,
        indicator=indicator,
        territory=body.territory,
        period=datetime.date(2023, 12, 31),
        value=Decimal(1250),
        source="Kursstatistik",
    )
    monitoring_services.target_create(
        user=user,
        body=body,
        indicator=indicator,
        territory=body.territory,
        goal=world.a.items["goal"],
        target_value=Decimal(2000),
        baseline_value=Decimal(1000),
        due=datetime.date(2026, 12, 31),
    )
    content = _content(report_world, user=user)
    [target] = content["targets"]
    assert target["indicator"] == "Teilnehmende an Sprachkursen"
    assert (target["latest"], target["target"], target["progress"]) == (
        "1.250",
        "2.000",
        f"25{NBSP}%",
    )
    assert target["status"] == "auf Kurs"
    text = _flat(load_pdf_text(report_pdf(content)))
    assert "Zielwerte (Monitoring)" in text
    assert "Teilnehmende an Sprachkursen" in text


def _docx_text(data: bytes) -> tuple[list[str], list[list[list[str]]], int]:
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables, len(document.inline_shapes)


def _docx_images(data: bytes) -> list[bytes]:
    """The bytes of the document's pictures, in order."""
    document = Document(io.BytesIO(data))
    blobs = []
    for shape in document.inline_shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        blobs.append(document.part.related_parts[blip.embed].blob)
    return blobs


def test_docx_has_every_section_and_the_figures(report_world: ReportWorld) -> None:
    content = _content(report_world)
    paragraphs, tables, images = _docx_text(report_docx(content))
    assert "Sachstandsbericht" in paragraphs
    assert "Berichtszeitraum: 01.01.2024 – 31.12.2024" in paragraphs
    assert "Stand: 30.06.2024" in paragraphs
    for heading in (
        "Zusammenfassung",
        "Fortschritt nach Handlungsfeldern",
        "Haushaltsmittel",
        "Strategischer Schwerpunkt",
        "Erfolge im Berichtszeitraum",
        "Verzögerte und blockierte Maßnahmen",
        "Maßnahmen ohne aktuellen Sachstand",
        "Anhang: alle Maßnahmen",
    ):
        assert heading in paragraphs, heading
    assert any("Von 4 Maßnahmen sind 1 im Plan" in p for p in paragraphs)
    assert images == 1  # the status chart as PNG
    lights = next(t for t in tables if t[0] == ["Ampel", "Maßnahmen"])
    assert lights[1:] == [
        ["im Plan", "1"],
        ["verzögert", "1"],
        ["blockiert", "1"],
        ["abgeschlossen", "1"],
    ]
    fields = next(t for t in tables if t[0][0] == "Handlungsfeld" and t[0][1] == "Maßnahmen")
    assert fields[1][:3] == ["Sprache und Bildung Alpha", "2", f"85{NBSP}%"]
    budget = next(t for t in tables if t[0][0] == "Handlungsfeld" and t[0][1] == "Jahr")
    assert budget[1] == [
        "Sprache und Bildung Alpha",
        "2024",
        f"1.006.000{NBSP}€",
        f"1.006.000{NBSP}€",
        f"800.000{NBSP}€",
        f"957.500,50{NBSP}€",
        "",
    ]
    totals = next(t for t in tables if t[0][0] == "Jahr" and t[0][1] == "geplant")
    assert totals[-1][0] == "Summe" and totals[-1][4] == f"957.500,50{NBSP}€"
    overspent = next(t for t in tables if t[0][-1] == "Überschreitung")
    assert overspent[1][1:] == [
        "Honorare Elternkurse",
        "Elternkurse Alpha",
        f"6.000{NBSP}€",
        f"7.500{NBSP}€",
        f"1.500{NBSP}€",
    ]
    appendix = tables[-1]
    assert appendix[0][1] == "Maßnahme"
    assert [row[1].split("\n")[0] for row in appendix[1:]] == [
        "Sprachcafé Alpha",
        "Elternkurse Alpha",
        "Jobcoaching Alpha",
        f"Beratungsstelle {SPECIAL}",
    ]
    assert "Wöchentlich 25 Teilnehmende." in appendix[1][1]
    assert appendix[2][3:5] == ["umgesetzt", f"100{NBSP}%"]


def _flat(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").split())


def test_pdf_has_every_section_and_the_figures(report_world: ReportWorld) -> None:
    content = _content(report_world)
    data = report_pdf(content)
    assert data.startswith(b"%PDF")
    text = _flat(load_pdf_text(data))
    for expected in (
        "Sachstandsbericht",
        "Landkreis Alpha",
        "01.01.2024 – 31.12.2024",
        "Zusammenfassung",
        "Von 4 Maßnahmen sind 1 im Plan, 1 verzögert, 1 blockiert und 1 abgeschlossen",
        "42,5 %",
        "Fortschritt nach Handlungsfeldern",
        "Haushaltsmittel",
        "1.006.000 €",
        "957.500,50 €",
        "Ausgaben über Bewilligung",
        "1.500 €",
        "Strategischer Schwerpunkt",
        "2024: Sprache und Bildung Alpha",
        "Erfolge im Berichtszeitraum",
        "Elternkurse Alpha",
        "+40 %",
        "Jobcoaching Alpha",
        "Keine Fachkraft gefunden.",
        "Anhang: alle Maßnahmen",
        "Wöchentlich 25 Teilnehmende.",
        "ÄÖÜ äöü ß €",  # typst's special characters arrive as text
    ):
        assert expected in text, expected
    # the chart is embedded: the source carries the SVG as a string literal
    assert '#image(bytes("<svg' in report_source(content)


def test_snapshot_stays_after_the_data_changed(report_world: ReportWorld) -> None:
    from teilhabe.monitoring import services as monitoring_services

    rw = report_world
    user = rw.world.users["coordinator_a"]
    target = add_target(rw)
    report = report_build(user=user, edition=rw.edition, period_from=FROM, period_to=TO)
    series_before = report.content["targets"][0]["series"]
    docx_before = _docx_text(report_docx(report.content))
    images_before = _docx_images(report_docx(report.content))
    pdf_before = load_pdf_text(report_pdf(report.content))
    assert docx_before[2] == 2  # the status chart and the target's chart

    concept_services.item_update(
        user=user, item=rw.cafe, expected_version=rw.cafe.version, data={"title": "Umbenannt"}
    )
    tracking_services.progress_record(
        user=user,
        measure=rw.coaching,
        date=datetime.date(2024, 6, 1),
        status=_status(rw.world, "implemented"),
        narrative="Doch noch umgesetzt.",
    )
    budget_line_create(
        user=user,
        edition=rw.edition,
        data={"field": rw.work, "year": 2024, "label": "Neu", "planned": Decimal("99999")},
    )

    monitoring_services.observation_record(
        user=user,
        indicator=target.indicator,
        territory=target.territory,
        period=datetime.date(2024, 12, 31),
        value=Decimal(1400),
        source="Kursstatistik",
    )

    stored = ProgressReport.objects.get(pk=report.pk)
    assert stored.content["targets"][0]["series"] == series_before
    assert _docx_text(report_docx(stored.content)) == docx_before
    assert _docx_images(report_docx(stored.content)) == images_before
    assert load_pdf_text(report_pdf(stored.content)) == pdf_before
    assert "Umbenannt" not in pdf_before
    assert "1.400" not in pdf_before
    # a new report does see the changes, so the comparison above means something
    fresh = report_content(edition=rw.edition, period_from=FROM, period_to=TO)
    assert "Umbenannt" in [r["title"] for r in fresh["appendix"]]
    assert f"99.999{NBSP}€" in [r["planned"] for r in fresh["budget"]["rows"]]
    fresh_points = fresh["targets"][0]["series"]["points"]
    assert fresh_points[-1] == {"label": "2024", "x": 2024, "value": 1400.0, "shown": "1.400"}


def add_target(
    rw: ReportWorld,
    values: tuple[tuple[int, int], ...] = ((2021, 1100), (2022, 1180), (2023, 1250)),
) -> Any:
    """A body indicator with yearly values for district A and a target linked to a goal of
    the edition: 2.000 by 31.12.2026, from 1.000."""
    from teilhabe.monitoring import services as monitoring_services

    user, body = rw.world.users["coordinator_a"], rw.world.a.body
    indicator = monitoring_services.indicator_create(
        user=user,
        body=body,
        code="sprachkurs_teilnehmende",
        data={"name_de": "Teilnehmende an Sprachkursen", "unit": "persons", "kind": "output"},
    )
    for year, value in values:
        monitoring_services.observation_record(
            user=user,
            indicator=indicator,
            territory=body.territory,
            period=datetime.date(year, 12, 31),
            value=Decimal(value),
            source="Kursstatistik",
        )
    return monitoring_services.target_create(
        user=user,
        body=body,
        indicator=indicator,
        territory=body.territory,
        goal=rw.world.a.items["goal"],
        target_value=Decimal(2000),
        baseline_value=Decimal(1000),
        baseline_year=2020,
        due=datetime.date(2026, 12, 31),
    )


def test_report_create_refuses_a_wrong_period(report_world: ReportWorld) -> None:
    from django.core.exceptions import ValidationError

    from teilhabe.tracking.reports import report_create

    rw = report_world
    with pytest.raises(ValidationError) as error:
        report_create(
            user=rw.world.users["coordinator_a"],
            edition=rw.edition,
            period_from=TO,
            period_to=FROM,
            content={"schema": 1},
            title="Falsch",
        )
    assert "period_to" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        report_create(
            user=None,
            edition=rw.edition,
            period_from=FROM,
            period_to=TO,
            field=rw.world.b.items["field"],
            content={"schema": 1},
            title="Fremdes Feld",
        )
    assert "field" in error.value.message_dict
    assert not ProgressReport.objects.exists()
