"""Writes of the tracking app. Every write goes through here and leaves an audit entry."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concepts.models import FieldOfAction, Measure
from teilhabe.core.models import Body, User
from teilhabe.core.services import (
    ConflictError,
    audit_record,
    creation_changes,
    soft_delete,
    versioned_update,
)
from teilhabe.core.traffic import Phase

from .models import (
    DEFAULT_STATUSES,
    Evidence,
    FieldWeight,
    MeasurePlan,
    ProgressUpdate,
    StatusOption,
    SurveyLink,
)

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def status_defaults_create(*, body: Body) -> list[StatusOption]:
    """The default status list for a body that has none yet (labels in German, the UI's
    first language; the coordinator may rename them)."""
    from django.utils import translation

    if StatusOption.all_objects.filter(body=body).exists():
        return list(StatusOption.objects.filter(body=body))
    options = []
    with translation.override("de"):
        for position, (code, label, phase, percent) in enumerate(DEFAULT_STATUSES):
            option = StatusOption.objects.create(
                body=body,
                code=code,
                label=str(label),
                phase=phase,
                default_percent=percent,
                position=position,
            )
            audit_record(user=None, agent="teilhabe", body=body, action="create", obj=option)
            options.append(option)
    return options


# --- progress updates -------------------------------------------------------------------


def _body_of(measure: Measure) -> Body:
    return measure.edition.concept.body


def _check_update(
    *, measure: Measure, date: datetime.date, status: StatusOption, percent: int | None
) -> int:
    """Validate an update and return its percent (the status default or the last one)."""
    errors: dict[str, list[str]] = {}
    if status.body_id != _body_of(measure).pk or status.is_deleted:
        errors.setdefault("status", []).append(_("This status does not belong to the body."))
    if date > timezone.localdate():
        errors.setdefault("date", []).append(_("The date lies in the future."))
    if percent is not None and not 0 <= percent <= 100:
        errors.setdefault("percent", []).append(_("The progress must lie between 0 and 100 %."))
    if errors:
        raise ValidationError(errors)
    if percent is not None:
        return percent
    if status.phase == Phase.DONE:
        return 100
    if status.default_percent is not None:
        return status.default_percent
    last = (
        ProgressUpdate.objects.filter(measure=measure, state=ProgressUpdate.State.ACCEPTED)
        .order_by("-date", "-id")
        .first()
    )
    return last.percent if last else 0


@transaction.atomic
def progress_record(
    *,
    user: User | None,
    measure: Measure,
    date: datetime.date,
    status: StatusOption,
    percent: int | None = None,
    narrative: str = "",
    source: str = ProgressUpdate.Source.COORDINATOR,
    accepted: bool = True,
    link: SurveyLink | None = None,
    agent: str = "",
) -> ProgressUpdate:
    """Record a Sachstand. ``accepted=False`` makes it a pending update that a coordinator
    must accept before it counts (answers of a Maßnahmenabfrage, contributors' reports)."""
    value = _check_update(measure=measure, date=date, status=status, percent=percent)
    update = ProgressUpdate(
        measure=measure,
        date=date,
        status=status,
        percent=value,
        narrative=narrative.strip(),
        source=source,
        link=link,
        state=ProgressUpdate.State.ACCEPTED if accepted else ProgressUpdate.State.PENDING,
    )
    if accepted and user is not None:
        update.reviewed_by, update.reviewed = user, timezone.now()
    update.full_clean()
    update.save()
    audit_record(
        user=user,
        agent=agent,
        body=_body_of(measure),
        action="create",
        obj=update,
        changes=creation_changes(update, ["date", "status", "percent", "narrative", "state"]),
    )
    return update


@transaction.atomic
def progress_review(
    *,
    user: User,
    update: ProgressUpdate,
    accept: bool,
    expected_version: int,
    note: str = "",
    corrections: Mapping[str, Any] | None = None,
) -> ProgressUpdate:
    """Accept (optionally corrected) or reject a pending update. Only pending updates can be
    reviewed; the version check makes a second, concurrent review fail with a conflict."""
    current = ProgressUpdate.all_objects.get(pk=update.pk)
    if current.version != expected_version:
        # Somebody reviewed (or corrected) it since the form was opened.
        raise ConflictError(current=current)
    if current.state != ProgressUpdate.State.PENDING:
        raise ValidationError(_("This update has already been reviewed."))
    # A rejected report keeps the values as reported; only an accepted one is corrected.
    data: dict[str, Any] = dict(corrections or {}) if accept else {}
    if data:
        data["percent"] = _check_update(
            measure=update.measure,
            date=data.get("date", update.date),
            status=data.get("status", update.status),
            percent=data.get("percent", update.percent),
        )
    data.update(
        state=ProgressUpdate.State.ACCEPTED if accept else ProgressUpdate.State.REJECTED,
        review_note=note.strip(),
        reviewed_by=user,
        reviewed=timezone.now(),
    )
    saved, changes = versioned_update(instance=update, expected_version=expected_version, data=data)
    changes.pop("reviewed", None)
    audit_record(
        user=user, body=_body_of(update.measure), action="status", obj=saved, changes=changes
    )
    return saved


@transaction.atomic
def evidence_attach(*, user: User | None, update: ProgressUpdate, upload: UploadedFile) -> Evidence:
    if upload.size and upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {"content": _("The file is larger than %(mb)s MB.") % {"mb": EVIDENCE_MAX_BYTES >> 20}}
        )
    evidence = Evidence(
        update=update,
        name=(upload.name or "")[:300],
        content=upload,
        mime_type=(upload.content_type or "")[:100],
        size=upload.size or 0,
    )
    evidence.full_clean()
    evidence.save()
    audit_record(user=user, body=_body_of(update.measure), action="create", obj=evidence)
    return evidence


def _create_once(obj: MeasurePlan | FieldWeight, existing: Any) -> None:
    """Save a new one-per-object record; if somebody created it in the meantime (the unique
    constraint fails), that is a conflict, not a server error."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ConflictError(current=existing.get()) from exc


def plan_of(measure: Measure) -> MeasurePlan:
    """The measure's tracking plan; an unsaved default one if nobody set it yet."""
    try:
        return measure.plan
    except MeasurePlan.DoesNotExist:
        return MeasurePlan(measure=measure)


@transaction.atomic
def measure_plan_set(
    *, user: User, measure: Measure, weight: Decimal, interval_months: int, expected_version: int
) -> MeasurePlan:
    """Create or change the plan. ``expected_version`` 0 means "there was no plan when the
    form was opened": a plan saved meanwhile makes it a conflict."""
    plan = plan_of(measure)
    data = {"weight": weight, "update_interval_months": interval_months}
    if plan.pk is None:
        for key, value in data.items():
            setattr(plan, key, value)
        plan.full_clean(validate_unique=False)
        _create_once(plan, MeasurePlan.all_objects.filter(measure=measure))
        audit_record(
            user=user,
            body=_body_of(measure),
            action="create",
            obj=plan,
            changes=creation_changes(plan, data),
        )
        return plan
    saved, changes = versioned_update(instance=plan, expected_version=expected_version, data=data)
    if changes:
        audit_record(user=user, body=_body_of(measure), action="update", obj=saved, changes=changes)
    return saved


@transaction.atomic
def field_weight_set(
    *, user: User, field: FieldOfAction, weight: Decimal, expected_version: int
) -> FieldWeight:
    """Create or change the weight; ``expected_version`` 0: there was none when the form was
    opened (a weight saved meanwhile makes it a conflict)."""
    body = field.edition.concept.body
    current = FieldWeight.all_objects.filter(field=field).first()
    if current is None:
        current = FieldWeight(field=field, weight=weight)
        current.full_clean(validate_unique=False)
        _create_once(current, FieldWeight.all_objects.filter(field=field))
        audit_record(
            user=user, body=body, action="create", obj=current, changes={"weight": (None, weight)}
        )
        return current
    saved, changes = versioned_update(
        instance=current, expected_version=expected_version, data={"weight": weight}
    )
    if changes:
        audit_record(user=user, body=body, action="update", obj=saved, changes=changes)
    return saved


# --- status list configuration ------------------------------------------------------------


def status_in_use(option: StatusOption) -> bool:
    """Used by a progress update (any state) or as the stored status of a measure."""
    if ProgressUpdate.all_objects.filter(status=option).exists():
        return True
    return Measure.objects.filter(
        edition__concept__body_id=option.body_id, status=option.code
    ).exists()


def _check_status_data(*, body: Body, data: Mapping[str, Any], exclude: int | None) -> None:
    errors: dict[str, list[str]] = {}
    label = str(data.get("label", "")).strip()
    if not label:
        errors["label"] = [_("Enter a label.")]
    elif StatusOption.objects.filter(body=body, label__iexact=label).exclude(pk=exclude).exists():
        errors["label"] = [_("Another status already has this label.")]
    if data.get("phase") not in Phase.values:
        errors["phase"] = [_("Choose a phase.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def status_create(
    *,
    user: User,
    body: Body,
    code: str,
    label: str,
    phase: str,
    default_percent: int | None,
) -> StatusOption:
    """A new entry at the end of the body's status list."""
    _check_status_data(body=body, data={"label": label, "phase": phase}, exclude=None)
    if StatusOption.all_objects.filter(body=body, code=code, is_deleted=False).exists():
        raise ValidationError({"code": [_("This code is already in use.")]})
    last = StatusOption.objects.filter(body=body).order_by("-position").first()
    option = StatusOption(
        body=body,
        code=code,
        label=label.strip(),
        phase=phase,
        default_percent=default_percent,
        position=(last.position + 1) if last else 0,
    )
    option.full_clean()
    option.save()
    audit_record(
        user=user,
        body=body,
        action="create",
        obj=option,
        changes=creation_changes(option, ["code", "label", "phase", "default_percent"]),
    )
    return option


@transaction.atomic
def status_update(
    *, user: User, option: StatusOption, expected_version: int, data: Mapping[str, Any]
) -> StatusOption:
    """Rename an entry, change its phase or default progress (the code stays)."""
    allowed = {k: v for k, v in data.items() if k in ("label", "phase", "default_percent")}
    if "label" in allowed:
        allowed["label"] = str(allowed["label"]).strip()
    merged = {"label": option.label, "phase": option.phase} | allowed
    _check_status_data(body=option.body, data=merged, exclude=option.pk)
    saved, changes = versioned_update(
        instance=option, expected_version=expected_version, data=allowed
    )
    if changes:
        audit_record(user=user, body=option.body, action="update", obj=saved, changes=changes)
    return saved


@transaction.atomic
def status_move(*, user: User, option: StatusOption, direction: str) -> None:
    """Swap the entry with its neighbour (``up`` or ``down``); the list is renumbered 0…n."""
    options = list(StatusOption.objects.select_for_update().filter(body=option.body))
    index = next(i for i, o in enumerate(options) if o.pk == option.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(options):
        return
    options[index], options[other] = options[other], options[index]
    for position, entry in enumerate(options):
        if entry.position != position:
            StatusOption.objects.filter(pk=entry.pk).update(position=position)
    audit_record(
        user=user,
        body=option.body,
        action="move",
        obj=option,
        changes={"position": (index, other)},
    )


@transaction.atomic
def status_delete(*, user: User, option: StatusOption) -> None:
    """Soft delete an entry nobody uses (updates keep their status forever)."""
    if status_in_use(option):
        raise ValidationError(
            _("The status “%(label)s” is in use and cannot be deleted.") % {"label": option.label}
        )
    soft_delete(instance=option)
    audit_record(user=user, body=option.body, action="delete", obj=option)
