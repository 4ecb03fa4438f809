"""The charts of the monitoring targets in the Sachstandsbericht: the series in the snapshot,
the chart with its table on the page, in the PDF and in the Word file."""

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from conftest import World
from django.urls import reverse

from teilhabe.documents.report_pdf import report_pdf, report_source
from teilhabe.documents.report_word import report_docx
from teilhabe.monitoring import services as monitoring_services
from teilhabe.tracking.models import ProgressReport

from .conftest import load_pdf_text
from .test_progress_report import (
    ReportWorld,
    _content,
    _docx_images,
    _docx_text,
    _flat,
    add_target,
    build_report_world,
)

pytestmark = pytest.mark.django_db

TITLE = "Teilnehmende an Sprachkursen – Landkreis Alpha"


@pytest.fixture
def report_world(world: World) -> ReportWorld:
    rw = build_report_world(world)
    assert world.a.body.territory.name == "Landkreis Alpha"
    return rw


def test_the_content_carries_the_series(report_world: ReportWorld) -> None:
    add_target(report_world)
    content = _content(report_world, user=report_world.world.users["coordinator_a"])
    [row] = content["targets"]
    assert row["series"] == {
        "unit": row["series"]["unit"],
        "yearly": True,
        "points": [
            {"label": "2021", "x": 2021, "value": 1100.0, "shown": "1.100"},
            {"label": "2022", "x": 2022, "value": 1180.0, "shown": "1.180"},
            {"label": "2023", "x": 2023, "value": 1250.0, "shown": "1.250"},
        ],
        "baseline": 1000.0,
        "baseline_year": 2020,
        "target": 2000.0,
        "due": "2026-12-31",
        "due_x": 2026,
    }
    assert row["series"]["unit"]  # the unit's name, for the y axis
    assert json.loads(json.dumps(content)) == content  # plain JSON


def test_only_the_latest_ten_quarters(report_world: ReportWorld) -> None:
    """A quarterly series: dates on the axis, the last ten periods, ticks named after them."""
    from teilhabe.documents.report_layout import target_chart_svg

    target = add_target(report_world, values=())
    quarter_ends = [(3, 31), (6, 30), (9, 30), (12, 31)]
    for index in range(12):  # 2022-Q1 … 2024-Q4
        month, day = quarter_ends[index % 4]
        monitoring_services.observation_record(
            user=None,
            indicator=target.indicator,
            territory=target.territory,
            period=datetime.date(2022 + index // 4, month, day),
            period_kind="quarter",
            value=Decimal(1000 + 10 * index),
            source="Kursstatistik",
        )
    [row] = _content(report_world)["targets"]
    series = row["series"]
    assert series["yearly"] is False
    assert [p["label"] for p in series["points"]] == [
        "2022-Q3",
        "2022-Q4",
        *(f"{y}-Q{q}" for y in (2023, 2024) for q in (1, 2, 3, 4)),
    ]
    assert series["points"][0]["x"] == datetime.date(2022, 9, 30).toordinal()
    assert series["due_x"] == datetime.date(2026, 12, 31).toordinal()
    svg = target_chart_svg(row, chart_id="quarters")
    assert svg.count('id="xtick_') == 11  # ten quarters and the due date


def test_docx_has_the_target_chart_and_its_table(report_world: ReportWorld) -> None:
    add_target(report_world)
    content = _content(report_world)
    paragraphs, tables, images = _docx_text(report_docx(content))
    assert images == 2  # the status chart and the target's chart
    assert _docx_images(report_docx(content))[1].startswith(b"\x89PNG\r\n\x1a\n")
    assert "Zielwerte (Monitoring)" in paragraphs
    assert TITLE in paragraphs
    assert tables.index([["Zeitraum", "Wert"], *_series_rows()]) > tables.index(
        next(t for t in tables if t[0][0] == "Indikator")
    )


def _series_rows() -> list[list[str]]:
    return [
        ["2021", "1.100"],
        ["2022", "1.180"],
        ["2023", "1.250"],
        ["Zielwert bis 31.12.2026", "2.000"],
    ]


def test_pdf_has_the_target_chart_and_its_numbers(report_world: ReportWorld) -> None:
    add_target(report_world)
    content = _content(report_world)
    text = _flat(load_pdf_text(report_pdf(content)))
    for expected in (TITLE, "Zeitraum Wert", "2021 1.100", "2022 1.180", "bis 31.12.2026 2.000"):
        assert expected in text, expected
    source = report_source(content)
    assert source.count('#image(bytes("<svg') == 2
    assert "pdf-target-chart-0-title" in source


def test_page_shows_the_chart_next_to_its_table(report_world: ReportWorld, client_for: Any) -> None:
    rw = report_world
    add_target(rw)
    client = client_for("coordinator_a")
    response = client.post(
        reverse("documents:report_create", kwargs={"body": rw.world.a.body.slug}),
        {"edition": str(rw.edition.pk), "period_from": "2024-01-01", "period_to": "2024-12-31"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert page.count('role="img"') == 2
    assert 'aria-labelledby="target-chart-0-title target-chart-0-desc"' in page
    assert f'<title id="target-chart-0-title">{TITLE}</title>' in page
    assert f"<caption>{TITLE}</caption>" in page
    assert '<th scope="row">2022</th><td>1.180</td>' in page
    assert '<th scope="row">Zielwert bis 31.12.2026</th><td>2.000</td>' in page
    assert page.index('id="target-chart-0-title"') < page.index(f"<caption>{TITLE}</caption>")


def test_a_report_made_before_the_charts_still_renders(
    report_world: ReportWorld, client_for: Any
) -> None:
    """Stored snapshots without the series show the targets table only."""
    from teilhabe.documents.progress_report import report_build

    rw = report_world
    add_target(rw)
    user = rw.world.users["coordinator_a"]
    report = report_build(
        user=user,
        edition=rw.edition,
        period_from=datetime.date(2024, 1, 1),
        period_to=datetime.date(2024, 12, 31),
    )
    content = report.content
    for row in content["targets"]:
        del row["series"]
    ProgressReport.objects.filter(pk=report.pk).update(content=content)
    client = client_for("coordinator_a")
    page = client.get(
        reverse(
            "documents:report_detail",
            kwargs={"body": rw.world.a.body.slug, "report": report.public_id},
        )
    ).content.decode()
    assert page.count('role="img"') == 1  # the status chart only
    assert '<th scope="row">Teilnehmende an Sprachkursen</th>' in page
    assert f"<caption>{TITLE}</caption>" not in page
    paragraphs, _tables, images = _docx_text(report_docx(content))
    assert images == 1 and TITLE not in paragraphs
    assert "Teilnehmende an Sprachkursen" in _flat(load_pdf_text(report_pdf(content)))
