"""The Sachstandsbericht: what it says, built once from the data as plain JSON.

:func:`report_content` reads tracking, concepts and monitoring and returns a dict of plain
values (German display strings, numbers for the chart). That dict is stored as the frozen
snapshot of a :class:`~teilhabe.tracking.models.ProgressReport`; the Word, PDF and web
renderers read only the snapshot, never the database, so a report opened later looks the
same after the data changed.

The state of the measures is the state on the report's date (``Stand``); the period selects
the highlights (accepted updates in it), the budget years, the strategic foci and the
monitoring targets due in it or later.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from teilhabe.concepts.models import Edition, FieldOfAction, Focus
from teilhabe.core.models import User
from teilhabe.core.selectors import AnyUser
from teilhabe.core.traffic import Light, Phase
from teilhabe.council import services as council_services
from teilhabe.council.models import Consultation, Organization, Paper
from teilhabe.council.selectors import organizations_of
from teilhabe.monitoring import selectors as monitoring_selectors
from teilhabe.monitoring.models import PeriodKind, Target
from teilhabe.tracking import reports as tracking_reports
from teilhabe.tracking.budget import AMOUNTS, Sums, budget_totals, line_field
from teilhabe.tracking.models import ProgressReport, ProgressUpdate
from teilhabe.tracking.selectors import (
    MeasureState,
    Rollup,
    budget_lines,
    measure_states,
    rollup,
)

from .common import CONTENT_TYPES, clean, euro, german_date
from .report_layout import (
    LIGHT_LABELS,
    LIGHTS,
    NONE,
    SCHEMA,
    TARGET_STATUS,
    TITLE,
    WHOLE,
    number,
    percent,
    report_filename,
    summary_sentence,
)

HIGHLIGHTS = 5
#: The chart of a monitoring target shows at most this many of the latest periods.
SERIES_PERIODS = 10

# --- reading the data -----------------------------------------------------------------------


def _ordered(states: dict[int, MeasureState], field: FieldOfAction | None) -> list[MeasureState]:
    chosen = [s for s in states.values() if field is None or s.measure.field_id == field.pk]
    return sorted(
        chosen,
        key=lambda s: (
            s.measure.field.position,
            s.measure.field_id,
            s.measure.position,
            s.measure.pk,
        ),
    )


def _lead(state: MeasureState) -> str:
    return clean(state.measure.lead_actor.name) if state.measure.lead_actor else ""


def _measure_row(state: MeasureState) -> dict[str, Any]:
    return {
        "key": state.measure.key,
        "title": clean(state.measure.title),
        "field": clean(state.measure.field.title),
        "lead": _lead(state),
        "status": clean(state.status.label) if state.status else NONE,
        "percent": percent(state.percent),
        "light": state.verdict.light,
        "light_label": LIGHT_LABELS[state.verdict.light],
        "reason": clean(state.verdict.reason),
        "last_report": german_date(state.last_report) or NONE,
        "narrative": clean(state.update.narrative) if state.update else "",
    }


def _light_counts(states: list[MeasureState]) -> dict[str, int]:
    counts = {code: 0 for code, _label, _colour in LIGHTS}
    for state in states:
        counts[state.verdict.light] += 1
    return counts


def _fields(
    edition: Edition, field: FieldOfAction | None, states: list[MeasureState], progress: Rollup
) -> list[dict[str, Any]]:
    fields = FieldOfAction.objects.filter(edition=edition)
    if field is not None:
        fields = fields.filter(pk=field.pk)
    rows = []
    for f in fields:
        mine = [s for s in states if s.measure.field_id == f.pk]
        rows.append(
            {
                "key": f.key,
                "title": clean(f.title),
                "measures": len(mine),
                "progress": percent(progress.fields.get(f.pk)),
                "weight": number(progress.field_weights.get(f.pk, Decimal(1))),
                "lights": _light_counts(mine),
            }
        )
    return rows


def _budget(
    edition: Edition, field: FieldOfAction | None, period_from: datetime.date, to: datetime.date
) -> dict[str, Any]:
    """The budget table: the sums of ``tracking.budget.budget_totals`` (the same as on the
    budget page) per field of action and year, per year and overall, as display strings."""
    lines = [
        line
        for line in budget_lines(edition).filter(year__gte=period_from.year, year__lte=to.year)
        if field is None or line_field(line) == field
    ]
    totals = budget_totals(lines)

    def shown(sums: Sums, **extra: Any) -> dict[str, Any]:
        return {
            **extra,
            **{name: euro(getattr(sums, name)) for name in AMOUNTS},
            "overspent": sums.overspent,
        }

    rows = [
        shown(cell, field=clean(row["field"].title) if row["field"] else WHOLE, year=year)
        for row in totals.rows()
        for year, cell in zip(totals.years, row["cells"], strict=True)
        if cell is not None
    ]
    overspent = [
        {
            "year": line.year,
            "label": clean(line.label),
            "owner": clean(
                line.measure.title if line.measure else (line.field.title if line.field else WHOLE)
            ),
            "approved": euro(line.approved),
            "spent": euro(line.spent),
            "over": euro(line.spent - line.approved),
        }
        for line in lines
        if line.overspent
    ]
    return {
        "rows": rows,
        "years": [shown(totals.by_year[year], year=year) for year in totals.years],
        "total": shown(totals.total) if lines else None,
        "overspent_lines": overspent,
    }


def _foci(
    edition: Edition, field: FieldOfAction | None, f: datetime.date, t: datetime.date
) -> list[dict[str, Any]]:
    foci = Focus.objects.filter(edition=edition, year__gte=f.year, year__lte=t.year)
    if field is not None:
        foci = foci.filter(Q(field=field) | Q(field__isnull=True))
    return [
        {
            "year": focus.year,
            "field": clean(focus.field.title) if focus.field else "",
            "description": clean(focus.description),
            "decision": clean(focus.source_note),
        }
        for focus in foci.select_related("field").order_by("year", "id")
    ]


def _highlights(
    states: list[MeasureState], period_from: datetime.date, period_to: datetime.date
) -> tuple[list[dict[str, Any]], int]:
    """Updates in the period that completed a measure, then the largest progress gains."""
    by_measure = {s.measure.pk: s for s in states}
    history: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for update in (
        ProgressUpdate.objects.filter(
            measure_id__in=list(by_measure),
            state=ProgressUpdate.State.ACCEPTED,
            date__lte=period_to,
        )
        .select_related("status")
        .order_by("date", "id")
    ):
        history[update.measure_id].append(update)
    done, gains, in_period = [], [], 0
    for measure_id, updates in history.items():
        state = by_measure[measure_id]
        before = [u for u in updates if u.date < period_from]
        during = [u for u in updates if u.date >= period_from]
        in_period += len(during)
        if not during:
            continue
        previous_done = bool(before) and before[-1].status.phase == Phase.DONE
        last = during[-1]
        row = {
            **_measure_row(state),
            "date": german_date(last.date),
            "status": clean(last.status.label),
            "percent": percent(last.percent),
            "narrative": clean(last.narrative),
        }
        reached = next((u for u in during if u.status.phase == Phase.DONE), None)
        if reached is not None and not previous_done:
            row |= {"kind": "done", "date": german_date(reached.date), "gain": ""}
            done.append((reached.date, row))
            continue
        gain = last.percent - (before[-1].percent if before else 0)
        if gain > 0:
            gains.append((gain, last.date, {**row, "kind": "progress", "gain": f"+{gain} %"}))
    done.sort(key=lambda item: item[0])
    gains.sort(key=lambda item: (-item[0], item[1]))
    chosen = [row for _day, row in done] + [row for _g, _d, row in gains[:HIGHLIGHTS]]
    return chosen, in_period


def _targets(
    *,
    user: AnyUser | None,
    edition: Edition,
    field: FieldOfAction | None,
    today: datetime.date,
    period_from: datetime.date,
) -> list[dict[str, Any]]:
    """The monitoring targets linked to this edition's goals and objectives (due in or after
    the period), with where they stand."""
    body = edition.concept.body
    if user is not None:
        statuses = monitoring_selectors.targets_for(user=user, body=body, today=today)
    else:  # the command line: a trusted operator, no user to check
        statuses = [
            monitoring_selectors.target_status(t, today)
            for t in Target.objects.filter(body=body).select_related(
                "indicator", "territory", "goal", "objective"
            )
        ]
    rows = []
    for status in statuses:
        target = status.target
        link = target.goal or target.objective
        if link is None or link.edition_id != edition.pk or target.due < period_from:
            continue
        if field is not None and link.field_id != field.pk:
            continue
        latest = status.latest
        rows.append(
            {
                "indicator": clean(target.indicator.name_de),
                "territory": clean(target.territory.name),
                "link": clean(link.title),
                "baseline": number(target.baseline_value),
                "target": number(target.target_value),
                "due": german_date(target.due),
                "latest": number(latest.value) if latest else NONE,
                "latest_period": german_date(latest.period) if latest else "",
                "progress": percent(status.progress),
                "status": TARGET_STATUS.get(status.status, status.status),
                "series": _target_series(target),
            }
        )
    return rows


def _target_series(target: Target) -> dict[str, Any]:
    """The chart of a target as plain JSON: the latest :data:`SERIES_PERIODS` current values
    of its indicator for its territory (x a year for a yearly series with at most one value
    a year, otherwise the ordinal of the period's last day), the baseline, the target value
    and its due date on the same x axis."""
    observations = monitoring_selectors.series(
        indicator=target.indicator, territories=[target.territory]
    )[target.territory.pk][-SERIES_PERIODS:]
    years = [o.period.year for o in observations]
    yearly = len(set(years)) == len(years) and all(
        o.period_kind not in (PeriodKind.MONTH, PeriodKind.QUARTER) for o in observations
    )
    return {
        "unit": clean(target.indicator.get_unit_display()),
        "yearly": yearly,
        "points": [
            {
                "label": o.period_label,
                "x": o.period.year if yearly else o.period.toordinal(),
                "value": float(o.value) if o.value is not None else None,
                "shown": number(o.value) if o.value is not None else NONE,
            }
            for o in observations
        ],
        "baseline": float(target.baseline_value) if target.baseline_value is not None else None,
        "baseline_year": target.baseline_year,
        "target": float(target.target_value),
        "due": target.due.isoformat(),
        "due_x": target.due.year if yearly else target.due.toordinal(),
    }


def report_title(
    period_from: datetime.date, period_to: datetime.date, field: FieldOfAction | None
) -> str:
    title = f"{TITLE} {german_date(period_from)} – {german_date(period_to)}"
    return f"{title}: {clean(field.title)}" if field is not None else title


def report_content(
    *,
    edition: Edition,
    period_from: datetime.date,
    period_to: datetime.date,
    field: FieldOfAction | None = None,
    user: AnyUser | None = None,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """Everything the report shows, as plain JSON. The caller has checked access
    (coordinators of the body, or the command line with ``user=None``)."""
    tracking_reports.check_period(period_from, period_to)
    today = today or timezone.localdate()
    body = edition.concept.body
    with translation.override("de"):  # the reasons of the lights, in the document's language
        states = _ordered(measure_states(edition, today=today), field)
        scope_progress = rollup(edition, {s.measure.pk: s for s in states})
        overall = (
            scope_progress.fields.get(field.pk) if field is not None else scope_progress.edition
        )
        counts = _light_counts(states)
        highlights, updates_in_period = _highlights(states, period_from, period_to)
        appendix = [_measure_row(s) for s in states]
        content = {
            "schema": SCHEMA,
            "cover": {
                "title": TITLE,
                "body": clean(body.name),
                "concept": clean(edition.concept.title),
                "edition": clean(edition.title),
                "edition_label": clean(edition.label),
                "period_from": german_date(period_from),
                "period_to": german_date(period_to),
                "date": german_date(today),
                "scope": clean(field.title) if field is not None else WHOLE,
                "sample": bool(body.is_demo),
            },
            "summary": {
                "measures": len(states),
                "lights": [
                    {"code": code, "label": label, "count": counts[code]}
                    for code, label, _colour in LIGHTS
                ],
                "progress": percent(overall),
                "stale": sum(1 for s in states if s.stale),
                "updates": updates_in_period,
                "completed": sum(1 for h in highlights if h["kind"] == "done"),
            },
            "chart": {
                "labels": [label for _code, label, _colour in LIGHTS],
                "values": [counts[code] for code, _label, _colour in LIGHTS],
                "colours": [colour for _code, _label, colour in LIGHTS],
            },
            "fields": _fields(edition, field, states, scope_progress),
            "budget": _budget(edition, field, period_from, period_to),
            "focus": _foci(edition, field, period_from, period_to),
            "highlights": highlights,
            "delayed": [r for r in appendix if r["light"] in (Light.DELAYED, Light.BLOCKED)],
            "stale": [
                {**_measure_row(s), "interval": s.interval_months} for s in states if s.stale
            ],
            "targets": _targets(
                user=user, edition=edition, field=field, today=today, period_from=period_from
            ),
            "appendix": appendix,
        }
    return content


# --- writes ---------------------------------------------------------------------------------


@transaction.atomic
def report_build(
    *,
    user: User | None,
    edition: Edition,
    period_from: datetime.date,
    period_to: datetime.date,
    field: FieldOfAction | None = None,
    agent: str = "",
) -> ProgressReport:
    """Build the content now and store it as the report's frozen snapshot."""
    content = report_content(
        edition=edition, period_from=period_from, period_to=period_to, field=field, user=user
    )
    return tracking_reports.report_create(
        user=user,
        edition=edition,
        period_from=period_from,
        period_to=period_to,
        field=field,
        content=content,
        title=report_title(period_from, period_to, field),
        agent=agent,
    )


def has_council(report: ProgressReport) -> bool:
    return organizations_of(report.edition.concept.body).exists()


@transaction.atomic
def report_paper_create(*, user: User, report: ProgressReport) -> Paper:
    """Mitteilungsvorlage for the committee with the report attached as DOCX and PDF.

    The paper starts non-public (the coordinator publishes it when it is ready); the first
    committee (classification „Ausschuss“) gets a step „Kenntnisnahme“.
    """
    from .report_pdf import report_pdf
    from .report_word import report_docx

    body = report.edition.concept.body
    content = report.content
    cover = content["cover"]
    paper = council_services.paper_create(
        user=user,
        body=body,
        data={
            "title": clean(report.title),
            "paper_type": Paper.PaperType.COMMUNICATION,
            "date": timezone.localdate(),
            "public": False,
            "decision_proposal": f"Der {report.title} wird zur Kenntnis genommen.",
            "facts": (
                f"Die Koordinierungsstelle berichtet über den Stand der Umsetzung des "
                f"{cover['concept']} ({cover['edition']}) im Zeitraum {cover['period_from']} "
                f"bis {cover['period_to']} (Stand: {cover['date']}).\n\n"
                f"{summary_sentence(content)}\n\n"
                "Der Sachstandsbericht ist als Anlage beigefügt."
            ),
        },
    )
    committee = (
        organizations_of(body)
        .filter(organization_type=Organization.OrganizationType.GREMIUM, classification="Ausschuss")
        .first()
    )
    if committee is not None:
        council_services.consultation_add(
            user=user, paper=paper, organization=committee, role=Consultation.Role.NOTICE
        )
    for fmt, build in (("docx", report_docx), ("pdf", report_pdf)):
        council_services.file_attach_content(
            user=user,
            paper=paper,
            name=f"{report.title} ({fmt.upper()})",
            file_name=report_filename(report, fmt),
            mime_type=CONTENT_TYPES[fmt],
            content=build(content),
        )
    return paper
