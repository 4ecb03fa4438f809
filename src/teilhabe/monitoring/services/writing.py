"""Writing observations: the bulk write of an import and the single recorded value."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import AuditEntry, Territory, User
from teilhabe.core.services import audit_record

from ..models import ImportBatch, Indicator, Observation, PeriodKind
from ..parsers import SAME_SLOT, slot_of

Action = AuditEntry.Action
STORED = Decimal("0.000001")
CHUNK = 5000
#: (indicator id, territory id, period, period kind, value, missing reason, quality flag)
NewRow = tuple[int, int, datetime.date, str, Decimal | None, str, str]


def write_steps(
    *,
    new_rows: list[NewRow],
    revised_old: list[int],
    batch: ImportBatch,
    source: str,
    stand: datetime.date | None,
) -> Iterator[int]:
    """Write the new values with one prepared INSERT per chunk (``executemany``): a million
    rows through model instances and ``bulk_create`` take minutes. The values are prepared by
    the model fields themselves, so the database sees what the ORM would write.

    Yields the number of rows written after each chunk (the caller's transaction holds it
    all: the progress of the browser import comes from here)."""
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
        "period_kind",
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
                (
                    uuid.uuid4(),
                    ind,
                    ter,
                    period,
                    kind,
                    kind == "year",
                    value,
                    missing,
                    quality,
                    *tail,
                )
                for ind, ter, period, kind, value, missing, quality in chunk
            ]
        return [
            (
                uuid_field.get_db_prep_save(uuid.uuid4(), connection),
                ind,
                ter,
                period_field.get_db_prep_save(period, connection),
                kind,
                kind == "year",
                value_field.get_db_prep_save(value, connection),
                missing,
                quality,
                *tail,
            )
            for ind, ter, period, kind, value, missing, quality in chunk
        ]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream per chunk instead of a statement per row. The progress is
            # yielded between two COPYs, never inside one: whoever resumes (or closes) the
            # generator may use the connection again.
            for start in range(0, len(new_rows), CHUNK):
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in prepared_rows(new_rows[start : start + CHUNK]):
                        copy.write_row(row)
                yield min(start + CHUNK, len(new_rows))
        else:
            for start in range(0, len(new_rows), CHUNK):
                cursor.executemany(sql, prepared_rows(new_rows[start : start + CHUNK]))
                yield min(start + CHUNK, len(new_rows))
    if revised_old:
        by_key = {
            (ind, ter, period, slot_of(kind)): pk
            for pk, ind, ter, period, kind in Observation.objects.filter(batch=batch).values_list(
                "pk", "indicator_id", "territory_id", "period", "period_kind"
            )
        }
        old_rows = list(Observation.objects.filter(pk__in=revised_old))
        for old in old_rows:
            old.superseded_by_id = by_key[
                (old.indicator_id, old.territory_id, old.period, slot_of(old.period_kind))
            ]
        Observation.objects.bulk_update(old_rows, ["superseded_by"], batch_size=CHUNK)


@transaction.atomic
def observation_record(
    *,
    user: User | None,
    indicator: Indicator,
    territory: Territory,
    period: datetime.date,
    period_is_year: bool = True,
    period_kind: str = "",
    value: Decimal | None = None,
    missing_reason: str = "",
    source: str,
    note: str = "",
    stand: datetime.date | None = None,
    batch: ImportBatch | None = None,
    agent: str = "",
) -> Observation:
    """Record one value (a revision if a different one is current; nothing if the same).

    ``period_kind`` (year, quarter, month, day) wins over the older ``period_is_year``."""
    kind = period_kind or (PeriodKind.YEAR if period_is_year else PeriodKind.DAY)
    if kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Unknown kind of period.")})
    if (value is None) == (not missing_reason):
        raise ValidationError(_("Give either a value or the reason it is missing."))
    if indicator.is_derived and batch is None:
        raise ValidationError(_("Values of a derived indicator are computed, not entered."))
    if value is not None:
        value = value.quantize(STORED, rounding=ROUND_HALF_UP)
    old = Observation.objects.filter(
        indicator=indicator,
        territory=territory,
        period=period,
        period_kind__in=SAME_SLOT[kind],
        is_current=True,
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
        period_kind=kind,
        period_is_year=kind == PeriodKind.YEAR,
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
