"""Every write of monitoring data: indicators, imports of official statistics, derived
values and targets.

Services are keyword-only, typed and atomic; they take the acting user (or an agent name
for the command line and the demo loader), check no permissions (the views ask the
selectors) and leave an audit entry.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concepts.models import Goal, Objective
from teilhabe.core.models import AuditEntry, Body, Territory, User
from teilhabe.core.services import (
    audit_record,
    creation_changes,
    territory_ensure,
    versioned_update,
)

from . import parsers
from .catalogue import CATALOGUE, LINK_FIELDS
from .models import ImportBatch, Indicator, Observation, Target, Unit

Action = AuditEntry.Action
STORED = Decimal("0.000001")
MAX_VALUE = Decimal("1e14")
#: Units that are the same for the unit check (a head count is a count).
UNIT_FAMILIES = {"persons": "count", "count": "count"}
PREVIEW_ROWS = 50
CHUNK = 5000
#: (indicator id, territory id, period, period is a year, value, missing reason, quality flag)
NewRow = tuple[int, int, datetime.date, bool, Decimal | None, str, str]
LICENCE = "Datenlizenz Deutschland – Namensnennung – Version 2.0"

INDICATOR_FIELDS = (
    "name_de",
    "name_en",
    "reference",
    "definition",
    "numerator",
    "denominator",
    "unit",
    "source_statistic",
    "table_code",
    "column_label",
    "variable_code",
    "level",
    "frequency",
    "direction",
    "kind",
    "shared",
    "formula",
    "numerator_indicator",
    "denominator_indicator",
    "factor",
    "decimals",
)


# --- indicators -------------------------------------------------------------------------


def _check_derived(indicator: Indicator) -> None:
    if indicator.formula == Indicator.Formula.RATIO:
        if indicator.numerator_indicator is None or indicator.denominator_indicator is None:
            raise ValidationError(
                {"formula": _("A derived indicator needs a numerator and a denominator indicator.")}
            )
        if indicator.pk and indicator.pk in (
            indicator.numerator_indicator_id,
            indicator.denominator_indicator_id,
        ):
            raise ValidationError({"formula": _("An indicator cannot be computed from itself.")})


@transaction.atomic
def indicator_create(
    *,
    user: User | None,
    body: Body | None,
    code: str,
    data: Mapping[str, Any],
    agent: str = "",
) -> Indicator:
    """A body's own indicator, or (``body=None``) an entry of the shared catalogue."""
    existing = Indicator.objects.filter(body=body, code=code)
    if existing.exists():
        raise ValidationError({"code": _("An indicator with this code exists already.")})
    indicator = Indicator(body=body, code=code, **data)
    _check_derived(indicator)
    indicator.full_clean()
    indicator.save()
    audit_record(
        user=user,
        body=body,
        action=Action.CREATE,
        obj=indicator,
        agent=agent,
        changes=creation_changes(indicator, ["code", *[f for f in data if f in INDICATOR_FIELDS]]),
    )
    return indicator


@transaction.atomic
def indicator_update(
    *, user: User, indicator: Indicator, expected_version: int, data: Mapping[str, Any]
) -> Indicator:
    if indicator.body_id is None:
        raise ValidationError(_("Entries of the shared catalogue cannot be changed here."))
    unit = data.get("unit", indicator.unit)
    if unit != indicator.unit and indicator.observations.exists():
        raise ValidationError({"unit": _("The unit cannot change once the indicator has values.")})
    probe = Indicator(**{**{f: getattr(indicator, f) for f in INDICATOR_FIELDS}, **data})
    probe.pk = indicator.pk
    _check_derived(probe)
    indicator, changes = versioned_update(
        instance=indicator, expected_version=expected_version, data=data
    )
    if changes:
        audit_record(
            user=user, body=indicator.body, action=Action.UPDATE, obj=indicator, changes=changes
        )
    return indicator


def catalogue_ensure(*, agent: str = "catalogue") -> int:
    """Create the missing entries of the shared catalogue; returns how many were created."""
    created = 0
    with transaction.atomic():
        for entry in CATALOGUE:
            if Indicator.objects.filter(body=None, code=entry["code"]).exists():
                continue
            data = {k: v for k, v in entry.items() if k not in (*LINK_FIELDS, "code")}
            for link, target in (
                ("numerator_code", "numerator_indicator"),
                ("denominator_code", "denominator_indicator"),
            ):
                if link in entry:
                    data[target] = Indicator.objects.get(body=None, code=entry[link])
            indicator_create(user=None, body=None, code=entry["code"], data=data, agent=agent)
            created += 1
    return created


# --- observations: the import -----------------------------------------------------------


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
    if parsed.format == "generic":
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


def _period_text(date: datetime.date, is_year: bool) -> str:
    return str(date.year) if is_year else date.strftime("%d.%m.%Y")


def _stored(value: Decimal | None, line: int, column: int) -> Decimal | None:
    if value is None:
        return None
    try:
        stored = value.quantize(STORED, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        stored = MAX_VALUE
    if abs(stored) >= MAX_VALUE:
        raise ValidationError(
            str(parsers.Issue(line, column, _("The number is too large to be stored.")))
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
    try:
        text = parsers.decode_any(data)
        parsed = parsers.parse(text, mapping=mapping, progress=progress)
    except parsers.ParseError as error:
        raise _issue_error(error.issues) from error
    with transaction.atomic():
        result = _import_parsed(
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
        if dry_run:
            transaction.set_rollback(True)
    return result


def _import_parsed(
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
) -> ImportResult:
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
                    parsers.Issue(
                        line,
                        col,
                        _("“%(name)s” is computed from other indicators and cannot be imported.")
                        % {"name": found.name_de},
                    )
                )
            elif unit and _family(unit) != _family(found.unit):
                issues.append(
                    parsers.Issue(
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
        if parsed.format == "generic":
            issues.append(
                parsers.Issue(line, col, _("Unknown indicator “%(code)s”.") % {"code": column.key})
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
    current: dict[tuple[int, int, datetime.date], tuple[int, Decimal | None, str]] = {}
    if indicator_ids and any(i.pk for i in indicators.values() if i.pk):
        rows = Observation.objects.filter(
            indicator_id__in=indicator_ids, is_current=True
        ).values_list("pk", "indicator_id", "territory_id", "period", "value", "missing_reason")
        for pk, ind, ter, period, value, missing in rows.iterator(chunk_size=CHUNK):
            if ter in territory_ids:
                current[(ind, ter, period)] = (pk, value, missing)
    result_stand = result.stand
    source_text = source or _default_source(parsed)
    seen: dict[tuple[int, int, datetime.date], int] = {}
    new_rows: list[NewRow] = []
    revised_old: list[int] = []
    dup_issues: list[parsers.Issue] = []
    for v in parsed.values:
        indicator = indicators[v.key]
        territory = territories[v.ags]
        obs_key = (indicator.pk, territory.pk, v.period)
        if obs_key in seen:
            dup_issues.append(
                parsers.Issue(
                    v.line,
                    v.column,
                    _("The value for %(ags)s, %(period)s occurs twice (first in line %(first)d).")
                    % {
                        "ags": v.ags,
                        "period": _period_text(v.period, v.period_is_year),
                        "first": seen[obs_key],
                    },
                )
            )
            if len(dup_issues) >= parsers.MAX_ERRORS:
                break
            continue
        seen[obs_key] = v.line
        value = _stored(v.value, v.line, v.column)
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
                    v.period_is_year,
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
                    period=_period_text(v.period, v.period_is_year),
                    value=value,
                    missing=v.missing,
                    status=status,
                    old_value=old[1] if old is not None and status == "revised" else None,
                )
            )
    if dup_issues:
        raise _issue_error(dup_issues)
    result.rows = result.new + result.revised + result.unchanged
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
    _write_observations(
        new_rows=new_rows,
        revised_old=revised_old,
        batch=batch,
        source=source_text,
        stand=result_stand,
    )
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
    for derived in Indicator.objects.filter(formula=Indicator.Formula.RATIO).filter(
        numerator_indicator_id__in=touched
    ) | Indicator.objects.filter(formula=Indicator.Formula.RATIO).filter(
        denominator_indicator_id__in=touched
    ):
        if derived.body_id in (None, getattr(body, "pk", None)):
            result.derived += derived_compute(
                user=user, indicator=derived, territories=list(territories.values()), agent=agent
            ).new
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
    return _("CSV import")


def _write_observations(
    *,
    new_rows: list[NewRow],
    revised_old: list[int],
    batch: ImportBatch,
    source: str,
    stand: datetime.date | None,
) -> None:
    """Write the new values with one prepared INSERT per chunk (``executemany``): a million
    rows through model instances and ``bulk_create`` take minutes. The values are prepared by
    the model fields themselves, so the database sees what the ORM would write."""
    for start in range(0, len(revised_old), CHUNK):
        Observation.objects.filter(pk__in=revised_old[start : start + CHUNK]).update(
            is_current=False
        )
    meta = Observation._meta
    now = timezone.now()
    constant = {
        "created": now,
        "modified": now,
        "is_deleted": False,
        "version": 1,
        "source": source,
        "note": "",
        "stand": stand,
        "batch": batch.pk,
        "is_current": True,
        "superseded_by": None,
    }
    varying = (
        "indicator",
        "territory",
        "period",
        "period_is_year",
        "value",
        "missing_reason",
        "quality_flag",
    )
    fields: dict[str, Field[Any, Any]] = {
        name: cast("Field[Any, Any]", meta.get_field(name))
        for name in ("public_id", *varying, *constant)
    }
    prepared = {
        name: fields[name].get_db_prep_save(value, connection) for name, value in constant.items()
    }
    uuid_field, period_field, value_field = (
        fields["public_id"],
        fields["period"],
        fields["value"],
    )
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields.values())
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(meta.db_table)
    # identifiers from the model's own metadata, quoted; the values are parameters
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    tail = tuple(prepared.values())

    native = connection.vendor == "postgresql"  # psycopg adapts UUID, date, Decimal itself

    def prepared_rows(chunk: list[NewRow]) -> list[tuple[Any, ...]]:
        if native:
            return [
                (uuid.uuid4(), ind, ter, period, is_year, value, missing, quality, *tail)
                for ind, ter, period, is_year, value, missing, quality in chunk
            ]
        return [
            (
                uuid_field.get_db_prep_save(uuid.uuid4(), connection),
                ind,
                ter,
                period_field.get_db_prep_save(period, connection),
                is_year,
                value_field.get_db_prep_save(value, connection),
                missing,
                quality,
                *tail,
            )
            for ind, ter, period, is_year, value, missing, quality in chunk
        ]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream instead of a statement per row
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for start in range(0, len(new_rows), CHUNK):
                    for row in prepared_rows(new_rows[start : start + CHUNK]):
                        copy.write_row(row)
        else:
            for start in range(0, len(new_rows), CHUNK):
                cursor.executemany(sql, prepared_rows(new_rows[start : start + CHUNK]))
    if revised_old:
        by_key = {
            (ind, ter, period): pk
            for pk, ind, ter, period in Observation.objects.filter(batch=batch).values_list(
                "pk", "indicator_id", "territory_id", "period"
            )
        }
        old_rows = list(Observation.objects.filter(pk__in=revised_old))
        for old in old_rows:
            old.superseded_by_id = by_key[(old.indicator_id, old.territory_id, old.period)]
        Observation.objects.bulk_update(old_rows, ["superseded_by"], batch_size=CHUNK)


@transaction.atomic
def observation_record(
    *,
    user: User | None,
    indicator: Indicator,
    territory: Territory,
    period: datetime.date,
    period_is_year: bool = True,
    value: Decimal | None = None,
    missing_reason: str = "",
    source: str,
    note: str = "",
    stand: datetime.date | None = None,
    batch: ImportBatch | None = None,
    agent: str = "",
) -> Observation:
    """Record one value (a revision if a different one is current; nothing if the same)."""
    if (value is None) == (not missing_reason):
        raise ValidationError(_("Give either a value or the reason it is missing."))
    if indicator.is_derived and batch is None:
        raise ValidationError(_("Values of a derived indicator are computed, not entered."))
    if value is not None:
        value = value.quantize(STORED, rounding=ROUND_HALF_UP)
    old = Observation.objects.filter(
        indicator=indicator, territory=territory, period=period, is_current=True
    ).first()
    if (
        old is not None
        and old.value == value
        and old.missing_reason == missing_reason
        and old.source == source
        and old.note == note
    ):
        return old
    if old is not None:
        Observation.objects.filter(pk=old.pk).update(is_current=False)
    obs = Observation(
        indicator=indicator,
        territory=territory,
        period=period,
        period_is_year=period_is_year,
        value=value,
        missing_reason=missing_reason,
        source=source,
        note=note,
        stand=stand,
        batch=batch,
    )
    obs.full_clean()
    obs.save()
    if old is not None:
        Observation.objects.filter(pk=old.pk).update(superseded_by=obs)
    audit_record(
        user=user,
        body=indicator.body,
        action=Action.CREATE if old is None else Action.UPDATE,
        obj=obs,
        agent=agent,
        changes={
            "value": (old.value if old else None, value if value is not None else missing_reason)
        },
    )
    return obs


# --- derived indicators -----------------------------------------------------------------


def method_text(indicator: Indicator) -> str:
    """How a derived indicator is computed, in words, with its rounding."""
    if not indicator.is_derived:
        return ""
    assert indicator.numerator_indicator is not None
    assert indicator.denominator_indicator is not None
    return _(
        "%(numerator)s ÷ %(denominator)s × %(factor)s, same territory and reference date; "
        "rounded half up to %(decimals)d decimal places. A missing numerator or denominator "
        "gives no value."
    ) % {
        "numerator": indicator.numerator_indicator.name_de,
        "denominator": indicator.denominator_indicator.name_de,
        "factor": f"{indicator.factor.normalize():f}",
        "decimals": indicator.decimals,
    }


def compute_ratio(
    numerator: Decimal, denominator: Decimal, factor: Decimal, decimals: int
) -> Decimal:
    """``numerator ÷ denominator × factor`` rounded half up; raises ZeroDivisionError."""
    if denominator == 0:
        raise ZeroDivisionError
    exponent = Decimal(1).scaleb(-decimals)
    return (numerator * factor / denominator).quantize(exponent, rounding=ROUND_HALF_UP)


@dataclass
class ComputeResult:
    new: int = 0
    revised: int = 0
    unchanged: int = 0


@transaction.atomic
def derived_compute(
    *,
    user: User | None,
    indicator: Indicator,
    territories: Iterable[Territory] | None = None,
    agent: str = "",
) -> ComputeResult:
    """(Re)compute a derived indicator from the current values of its inputs."""
    if not indicator.is_derived:
        raise ValidationError(_("This indicator is not computed from others."))
    num, den = indicator.numerator_indicator, indicator.denominator_indicator
    assert num is not None and den is not None
    filters: dict[str, Any] = {"is_current": True}
    if territories is not None:
        filters["territory__in"] = list(territories)
    numerators = {
        (o.territory_id, o.period): o for o in Observation.objects.filter(indicator=num, **filters)
    }
    denominators = {
        (o.territory_id, o.period): o for o in Observation.objects.filter(indicator=den, **filters)
    }
    existing = {
        (o.territory_id, o.period): o
        for o in Observation.objects.filter(indicator=indicator, **filters)
    }
    result = ComputeResult()
    method = method_text(indicator)
    batch: ImportBatch | None = None
    for key, n in sorted(numerators.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        d = denominators.get(key)
        if d is None or n.value is None or d.value is None or d.value == 0:
            continue
        value = compute_ratio(n.value, d.value, indicator.factor, indicator.decimals).quantize(
            STORED
        )
        old = existing.get(key)
        if old is not None and old.value == value:
            result.unchanged += 1
            continue
        if batch is None:
            batch = ImportBatch.objects.create(
                body=indicator.body,
                user=user if user is not None and user.is_authenticated else None,
                agent=agent,
                format=ImportBatch.Format.COMPUTED,
                source=method,
            )
        observation_record(
            user=user,
            indicator=indicator,
            territory=n.territory,
            period=n.period,
            period_is_year=n.period_is_year,
            value=value,
            source=_(
                "Computed: %(method)s Inputs: %(num)s (%(num_source)s); %(den)s (%(den_source)s)."
            )
            % {
                "method": method,
                "num": num.name_de,
                "num_source": n.source,
                "den": den.name_de,
                "den_source": d.source,
            },
            stand=timezone.localdate(),
            batch=batch,
            agent=agent,
        )
        if old is None:
            result.new += 1
        else:
            result.revised += 1
    if batch is not None:
        ImportBatch.objects.filter(pk=batch.pk).update(
            rows=result.new + result.revised + result.unchanged,
            created_count=result.new,
            revised_count=result.revised,
            unchanged_count=result.unchanged,
        )
    return result


# --- targets ----------------------------------------------------------------------------


@transaction.atomic
def target_create(
    *,
    user: User | None,
    body: Body,
    indicator: Indicator,
    territory: Territory,
    target_value: Decimal,
    due: datetime.date,
    goal: Goal | None = None,
    objective: Objective | None = None,
    baseline_value: Decimal | None = None,
    baseline_year: int | None = None,
    note: str = "",
    agent: str = "",
) -> Target:
    """A target linked to one goal or one objective of the body's concept."""
    if (goal is None) == (objective is None):
        raise ValidationError(_("Link the target to either a goal or an objective."))
    item = goal or objective
    assert item is not None
    if item.edition.concept.body_id != body.pk:
        raise ValidationError(_("The goal or objective belongs to another body."))
    if indicator.body_id not in (None, body.pk) and not indicator.shared:
        raise ValidationError({"indicator": _("This indicator is not shared.")})
    if baseline_value is None:
        first = (
            Observation.objects.filter(
                indicator=indicator, territory=territory, is_current=True, value__isnull=False
            )
            .order_by("-period")
            .first()
        )
        if first is not None:
            baseline_value, baseline_year = first.value, first.period.year
    target = Target(
        body=body,
        indicator=indicator,
        territory=territory,
        goal=goal,
        objective=objective,
        target_value=target_value,
        due=due,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        note=note,
    )
    target.full_clean()
    target.save()
    audit_record(
        user=user,
        body=body,
        action=Action.CREATE,
        obj=target,
        agent=agent,
        changes=creation_changes(
            target,
            [
                "indicator",
                "territory",
                "goal",
                "objective",
                "target_value",
                "due",
                "baseline_value",
            ],
        ),
    )
    return target
