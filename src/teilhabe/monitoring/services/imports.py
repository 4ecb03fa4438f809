"""The import of statistics files: read, match indicators and territories, compare with the
current values, write everything or nothing, recompute the derived indicators.

:func:`import_steps` is a generator that yields its progress (:class:`Step`) between chunks;
:func:`stats_import` runs it to the end, the browser's progress stream
(``uploads.import_events``) passes the steps on.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.core.models import AuditEntry, Body, Territory, User
from teilhabe.core.services import audit_record, territory_ensure

from .. import parsers
from ..models import ImportBatch, Indicator, Observation, Unit
from .derived import derived_compute
from .indicators import indicator_create
from .writing import CHUNK, STORED, NewRow, write_steps

Action = AuditEntry.Action
MAX_VALUE = Decimal("1e14")
#: Units that are the same for the unit check (a head count is a count).
UNIT_FAMILIES = {"persons": "count", "count": "count"}
PREVIEW_ROWS = 50
LICENCE = "Datenlizenz Deutschland – Namensnennung – Version 2.0"


@dataclass(frozen=True)
class Step:
    """Where a running import is: ``phase`` check, write or derive; ``done`` of ``total``."""

    phase: str
    done: int
    total: int


@dataclass
class PreviewRow:
    line: int
    indicator: str
    ags: str
    area: str
    period: str
    value: Decimal | None
    missing: str
    status: str  # new | revised | unchanged
    old_value: Decimal | None = None


@dataclass
class ImportResult:
    format: str
    table_code: str
    stand: datetime.date | None
    rows: int = 0
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    #: (code, name, unit) of indicators the import creates (a table no catalogue entry matches)
    new_indicators: list[tuple[str, str, str]] = field(default_factory=list)
    #: (code, name) per column that matched an existing indicator
    matched: list[tuple[str, str]] = field(default_factory=list)
    new_territories: list[tuple[str, str]] = field(default_factory=list)
    aggregates: list[tuple[int, str, str]] = field(default_factory=list)
    preview: list[PreviewRow] = field(default_factory=list)
    dry_run: bool = True
    batch: ImportBatch | None = None
    derived: int = 0


def _issue_error(issues: Iterable[parsers.Issue]) -> ValidationError:
    return ValidationError([str(i) for i in issues])


def _family(unit: str) -> str:
    return UNIT_FAMILIES.get(unit, unit)


def _match_indicator(
    parsed: parsers.ParsedFile, column: parsers.Column, body: Body | None
) -> Indicator | None:
    owners = Indicator.objects.filter(body__isnull=True)
    if body is not None:
        owners = Indicator.objects.filter(body=body) | owners
    if parsed.format in parsers.MAPPED_FORMATS:
        return owners.filter(code=column.key).order_by("body_id").first()
    if parsed.format == "ffcsv":
        code = column.key.upper()
        found = owners.filter(variable_code__iexact=code).first()
        return found or owners.filter(code=column.key).first()
    if not parsed.table_code:
        return owners.filter(code=column.key).first()
    label = column.label.lower()
    for candidate in owners.filter(table_code=parsed.table_code).order_by("body_id"):
        wanted = candidate.column_label.lower()
        if (wanted and (label == wanted or label.startswith(wanted + " /"))) or (
            not wanted and len(parsed.columns) == 1
        ):
            return candidate
    return owners.filter(code=column.key).first()


def _period_text(date: datetime.date, kind: str) -> str:
    return parsers.period_label(date, kind)


def _issue(
    parsed: parsers.ParsedFile, line: int, column: int | None, message: str
) -> parsers.Issue:
    """A problem found after reading; in a workbook it names the sheet (and the row)."""
    sheet = parsed.title if parsed.format == "xlsx" else ""
    return parsers.Issue(line, column, message, sheet=sheet)


def _stored(
    parsed: parsers.ParsedFile, value: Decimal | None, line: int, column: int
) -> Decimal | None:
    if value is None:
        return None
    try:
        stored = value.quantize(STORED, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        stored = MAX_VALUE
    if abs(stored) >= MAX_VALUE:
        raise ValidationError(
            str(_issue(parsed, line, column, _("The number is too large to be stored.")))
        )
    return stored


def stats_import(
    *,
    user: User | None,
    body: Body | None,
    data: bytes,
    filename: str = "",
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    source: str = "",
    stand: datetime.date | None = None,
    agent: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a statistics file: everything or nothing.

    ``dry_run`` reads and compares but writes nothing (the preview). A re-import of the
    same values changes nothing; a changed value becomes a revision that keeps the old one.
    Raises ValidationError with one message per problem (line, column, reason).
    """
    parsed = parse_upload(data=data, filename=filename, mapping=mapping, progress=progress)
    with transaction.atomic():
        result = run_steps(
            import_steps(
                parsed=parsed,
                user=user,
                body=body,
                data=data,
                filename=filename,
                dry_run=dry_run,
                source=source,
                stand=stand,
                agent=agent,
            )
        )
        if dry_run:
            transaction.set_rollback(True)
    return result


def parse_upload(
    *,
    data: bytes,
    filename: str = "",
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> parsers.ParsedFile:
    """Read the file (XLSX or text in its layout); ValidationError with every problem."""
    try:
        return parsers.parse_bytes(data, filename=filename, mapping=mapping, progress=progress)
    except parsers.ParseError as error:
        raise _issue_error(error.issues) from error


ImportSteps = Generator[Step, None, "ImportResult"]
#: (indicator id, territory id, period, slot of its kind): one current value each
ObsKey = tuple[int, int, datetime.date, str]


def run_steps(steps: ImportSteps) -> ImportResult:
    """Run an import to its end and return its result."""
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value


def import_steps(
    *,
    parsed: parsers.ParsedFile,
    user: User | None,
    body: Body | None,
    data: bytes,
    filename: str,
    dry_run: bool,
    source: str,
    stand: datetime.date | None,
    agent: str,
) -> ImportSteps:
    """The import of a parsed file, step by step; run it inside a transaction (all or nothing:
    the caller rolls back on an error, a dry run or when the browser goes away)."""
    result = ImportResult(
        format=parsed.format,
        table_code=parsed.table_code,
        stand=stand or parsed.stand,
        dry_run=dry_run,
        aggregates=parsed.aggregates,
    )
    first_line: dict[str, tuple[int, int]] = {}
    for v in parsed.values:
        first_line.setdefault(v.key, (v.line, v.column))

    # 1. indicators per column: a match, or a new indicator named after the table
    issues: list[parsers.Issue] = []
    indicators: dict[str, Indicator] = {}
    to_create: dict[str, dict[str, Any]] = {}
    for key, column in parsed.columns.items():
        if key not in first_line:
            continue
        line, col = first_line[key]
        unit = parsers.unit_of(column.unit_label) or parsers.unit_of(column.label)
        found = _match_indicator(parsed, column, body)
        if found is not None:
            if found.is_derived:
                issues.append(
                    _issue(
                        parsed,
                        line,
                        col,
                        _("“%(name)s” is computed from other indicators and cannot be imported.")
                        % {"name": found.name_de},
                    )
                )
            elif unit and _family(unit) != _family(found.unit):
                issues.append(
                    _issue(
                        parsed,
                        line,
                        col,
                        _(
                            "The unit “%(unit)s” of column “%(column)s” does not match the unit "
                            "“%(expected)s” of the indicator “%(name)s”."
                        )
                        % {
                            "unit": column.unit_label or unit,
                            "column": column.label,
                            "expected": found.get_unit_display(),
                            "name": found.name_de,
                        },
                    )
                )
            indicators[key] = found
            result.matched.append((found.code, found.name_de))
            continue
        if parsed.format in parsers.MAPPED_FORMATS:
            issues.append(
                _issue(parsed, line, col, _("Unknown indicator “%(code)s”.") % {"code": column.key})
            )
            continue
        code = parsers._slug(key).replace("-", "_")[:100] or "table_value"
        prefix = parsed.table_code or _("table")
        spec = {
            "name_de": f"{prefix}: {column.label}"[:300],
            "name_en": f"{prefix}: {column.label}"[:300],
            "unit": unit or Unit.OTHER,
            "source_statistic": (
                _("GENESIS table %(code)s") % {"code": parsed.table_code}
                if parsed.table_code
                else ""
            ),
            "table_code": parsed.table_code[:40],
            "column_label": column.label[:300],
            "variable_code": key.upper()[:60] if parsed.format == "ffcsv" else "",
        }
        to_create[key] = {"code": code, **spec}
        result.new_indicators.append((code, spec["name_de"], spec["unit"]))
    if issues:
        raise _issue_error(issues)
    for key, spec in to_create.items():
        code = spec.pop("code")
        indicators[key] = indicator_create(user=user, body=body, code=code, data=spec, agent=agent)

    # 2. territories (Land before Kreis before Gemeinde, so parents link)
    areas: dict[str, str] = {}
    for v in parsed.values:
        if v.ags not in areas or (not areas[v.ags] and v.area):
            areas[v.ags] = v.area
    territories = {t.ags: t for t in Territory.objects.filter(ags__in=list(areas))}
    for ags in sorted(set(areas) - set(territories), key=lambda a: (len(a), a)):
        name = areas[ags] or ags
        result.new_territories.append((ags, name))
        territories[ags] = territory_ensure(ags=ags, name=name, user=user, agent=agent)

    # 3. compare with the current values
    indicator_ids = {i.pk for i in indicators.values()}
    territory_ids = {t.pk for t in territories.values()}
    current: dict[ObsKey, tuple[int, Decimal | None, str]] = {}
    if indicator_ids and any(i.pk for i in indicators.values() if i.pk):
        rows = Observation.objects.filter(
            indicator_id__in=indicator_ids, is_current=True
        ).values_list(
            "pk", "indicator_id", "territory_id", "period", "period_kind", "value", "missing_reason"
        )
        for pk, ind, ter, period, kind, value, missing in rows.iterator(chunk_size=CHUNK):
            if ter in territory_ids:
                current[(ind, ter, period, parsers.slot_of(kind))] = (pk, value, missing)
    result_stand = result.stand
    source_text = source or _default_source(parsed)
    seen: dict[ObsKey, int] = {}
    new_rows: list[NewRow] = []
    revised_old: list[int] = []
    dup_issues: list[parsers.Issue] = []
    total = len(parsed.values)
    for index, v in enumerate(parsed.values, start=1):
        if index % CHUNK == 0:
            yield Step("check", index, total)
        indicator = indicators[v.key]
        territory = territories[v.ags]
        obs_key = (indicator.pk, territory.pk, v.period, parsers.slot_of(v.period_kind))
        if obs_key in seen:
            dup_issues.append(
                _issue(
                    parsed,
                    v.line,
                    v.column,
                    _("The value for %(ags)s, %(period)s occurs twice (first in line %(first)d).")
                    % {
                        "ags": v.ags,
                        "period": _period_text(v.period, v.period_kind),
                        "first": seen[obs_key],
                    },
                )
            )
            if len(dup_issues) >= parsers.MAX_ERRORS:
                break
            continue
        seen[obs_key] = v.line
        value = _stored(parsed, v.value, v.line, v.column)
        old = current.get(obs_key)
        if old is not None and old[1] == value and old[2] == v.missing:
            result.unchanged += 1
            status = "unchanged"
        else:
            status = "new" if old is None else "revised"
            if old is None:
                result.new += 1
            else:
                result.revised += 1
                revised_old.append(old[0])
            new_rows.append(
                (
                    indicator.pk,
                    territory.pk,
                    v.period,
                    v.period_kind,
                    value,
                    v.missing,
                    v.quality,
                )
            )
        if len(result.preview) < PREVIEW_ROWS:
            result.preview.append(
                PreviewRow(
                    line=v.line,
                    indicator=indicator.name_de,
                    ags=v.ags,
                    area=territory.name,
                    period=_period_text(v.period, v.period_kind),
                    value=value,
                    missing=v.missing,
                    status=status,
                    old_value=old[1] if old is not None and status == "revised" else None,
                )
            )
    if dup_issues:
        raise _issue_error(dup_issues)
    result.rows = result.new + result.revised + result.unchanged
    yield Step("check", total, total)
    if dry_run:
        return result

    # 4. write: the batch, the revisions, the new values
    batch = ImportBatch(
        body=body,
        user=user if user is not None and user.is_authenticated else None,
        agent=agent,
        filename=filename[:300],
        format=parsed.format,
        table_code=parsed.table_code[:40],
        sha256=hashlib.sha256(data).hexdigest(),
        stand=result_stand,
        source=source_text,
        rows=result.rows,
        created_count=result.new,
        revised_count=result.revised,
        unchanged_count=result.unchanged,
    )
    batch.save()
    for written in write_steps(
        new_rows=new_rows,
        revised_old=revised_old,
        batch=batch,
        source=source_text,
        stand=result_stand,
    ):
        yield Step("write", written, len(new_rows))
    audit_record(
        user=user,
        body=body,
        action=Action.IMPORT,
        obj=batch,
        agent=agent,
        changes={
            "rows": (None, result.rows),
            "created_count": (None, result.new),
            "revised_count": (None, result.revised),
            "unchanged_count": (None, result.unchanged),
        },
    )
    result.batch = batch
    # 5. derived indicators that use what was imported
    touched = {i.pk for i in indicators.values()}
    ratios = Indicator.objects.filter(formula=Indicator.Formula.RATIO)
    derived_indicators = [
        d
        for d in ratios.filter(numerator_indicator_id__in=touched)
        | ratios.filter(denominator_indicator_id__in=touched)
        if d.body_id in (None, getattr(body, "pk", None))
    ]
    for done, derived in enumerate(derived_indicators, start=1):
        result.derived += derived_compute(
            user=user, indicator=derived, territories=list(territories.values()), agent=agent
        ).new
        yield Step("derive", done, len(derived_indicators))
    return result


def _default_source(parsed: parsers.ParsedFile) -> str:
    if parsed.format == "genesis_table":
        text = _("GENESIS table %(code)s") % {"code": parsed.table_code}
        if parsed.stand:
            text += ", " + _("as of %(date)s") % {"date": parsed.stand.strftime("%d.%m.%Y")}
        return f"{text}; {LICENCE}"
    if parsed.format == "ffcsv":
        table = f" {parsed.table_code}" if parsed.table_code else ""
        return _("GENESIS-Online flat file%(table)s") % {"table": table} + f"; {LICENCE}"
    if parsed.format == "xlsx":
        return _("Excel import (sheet “%(sheet)s”)") % {"sheet": parsed.title}
    return _("CSV import")
