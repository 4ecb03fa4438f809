"""Reception pages: keys, periods with quotas, explanations, assignments and forecasts.

Thin: the selectors decide who may see what, the services write.
"""

from __future__ import annotations

import csv
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core import selectors as core_selectors
from teilhabe.core.models import Body, Territory
from teilhabe.core.views import body_context

from . import assignments, charts, selectors, services
from .forms import (
    AssignmentForm,
    CreditForm,
    KeyComputeForm,
    PeriodForm,
    PopulationUploadForm,
    UploadForm,
)
from .models import DistributionPeriod

EXAMPLES_FILE = services.DATA_DIR / "ni_verteilkontingente_beispiele.csv"


def _context(request: HttpRequest, body: Body) -> dict[str, Any]:
    return body_context(request, body, "reception") | {
        "can_manage_body": core_selectors.is_coordinator(request.user, body),
    }


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


def published_examples(body: Body) -> list[dict[str, str]]:
    """Published figures from the press (ni_verteilkontingente_beispiele.csv), as published."""
    with EXAMPLES_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if body.territory.ags == "03":
        return rows
    return [r for r in rows if r["ags"] == body.territory.ags]


@require_GET
def index(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    return render(
        request,
        "reception/index.html",
        _context(request, body_obj)
        | {
            "periods": selectors.periods_for_user(user=request.user, body=body_obj),
            "received": selectors.quotas_received(user=request.user, body=body_obj),
            "examples": published_examples(body_obj),
        },
    )


@require_GET
def key_list(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    return render(
        request,
        "reception/key_list.html",
        _context(request, body_obj) | {"keys": selectors.key_list()},
    )


@require_GET
def key_detail(request: HttpRequest, body: str, key: str) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    key_obj = selectors.key_get(slug=key)
    return render(
        request,
        "reception/key_detail.html",
        _context(request, body_obj) | {"key": key_obj, "shares": selectors.key_shares(key_obj)},
    )


def _parse_key_rows(text: str) -> dict[str, tuple[int, int]]:
    inputs: dict[str, tuple[int, int]] = {}
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        try:
            if len(parts) != 3:
                raise ValueError
            ags, tax, population = (
                parts[0],
                int(parts[1].replace(".", "")),
                int(parts[2].replace(".", "")),
            )
        except ValueError:
            errors.append(
                _("Line %(line)d: expected AGS;tax revenue;population.") % {"line": number}
            )
            continue
        if ags in inputs:
            errors.append(
                _("Line %(line)d: the AGS %(ags)s occurs twice.") % {"line": number, "ags": ags}
            )
        inputs[ags] = (tax, population)
    if errors:
        raise ValidationError(errors)
    return inputs


@login_required
@require_http_methods(["GET", "POST"])
def key_compute(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    selectors.require_state_office(request.user, body_obj)
    form = KeyComputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            key = services.key_compute(
                user=request.user,  # type: ignore[arg-type]
                slug=form.cleaned_data["slug"],
                name=form.cleaned_data["name"],
                key_year=form.cleaned_data["key_year"],
                source=form.cleaned_data["source"],
                inputs=_parse_key_rows(form.cleaned_data["rows"]),
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The key has been computed and saved."))
            return redirect("reception:key_detail", body=body, key=key.slug)
    return render(
        request,
        "reception/form.html",
        _context(request, body_obj)
        | {
            "form": form,
            "heading": _("Compute a Königsteiner key"),
            "intro": _(
                "KS = 100 × (2/3 × tax revenue share + 1/3 × population share), five decimals; "
                "the shares are rounded by largest remainder so that they add up to exactly 100 %."
            ),
            "cancel_url": reverse("reception:key_list", kwargs={"body": body}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def population_import(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    core_selectors.require_coordinator(request.user, body_obj)
    form = PopulationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            key = services.population_import(
                user=request.user,  # type: ignore[arg-type]
                content=form.cleaned_data["file"].read(),
                source=form.cleaned_data["source"],
                within=None if request.user.is_superuser else body_obj.territory,
                licence=form.cleaned_data["licence"],
            )
        except ValidationError as error:
            form.add_error("file", _errors(error))
        else:
            messages.success(request, _("The population figures have been imported."))
            return redirect("reception:key_detail", body=body, key=key.slug)
    return render(
        request,
        "reception/form.html",
        _context(request, body_obj)
        | {
            "form": form,
            "multipart": True,
            "heading": _("Import population figures"),
            "intro": _(
                "One file per level and stand date: the Kreise of a Land or the Gemeinden of a "
                "Kreis. Nothing is saved if a single line is wrong."
            ),
            "cancel_url": reverse("reception:key_list", kwargs={"body": body}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_create(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    core_selectors.require_coordinator(request.user, body_obj)
    quotas = selectors.quotas_received(user=request.user, body=body_obj)
    initial = {}
    if request.GET.get("quota"):
        chosen = (
            quotas.filter(public_id=request.GET["quota"]).first()
            if _uuid(request.GET["quota"])
            else None
        )
        if chosen is not None:
            initial = {
                "source_quota": chosen.pk,
                "total": chosen.quota,
                "start": chosen.period.start,
                "end": chosen.period.end,
                "name": chosen.period.name,
            }
    form = PeriodForm(
        request.POST or None,
        initial=initial,
        body=body_obj,
        keys=selectors.keys_for_body(body_obj),
        quotas=quotas,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = services.period_create(
                user=request.user,  # type: ignore[arg-type]
                body=body_obj,
                name=data["name"],
                start=data["start"],
                end=data["end"],
                total=data["total"],
                key=data["key"],
                previous=data["previous"],
                source_quota=data.get("source_quota"),
                note=data["note"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errs in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The period has been created."))
            return redirect("reception:period_detail", body=body, period=period.public_id)
    return render(
        request,
        "reception/form.html",
        _context(request, body_obj)
        | {
            "form": form,
            "heading": _("New distribution period"),
            "cancel_url": reverse("reception:index", kwargs={"body": body}),
        },
    )


def _uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def _period(request: HttpRequest, body: str, period: UUID) -> tuple[Body, DistributionPeriod]:
    body_obj = core_selectors.body_get_public(slug=body)
    return body_obj, selectors.period_get_for_user(
        user=request.user, body=body_obj, public_id=period
    )


def _chart(period: DistributionPeriod, quotas: list[Any], assigned: dict[int, int] | None) -> str:
    if not quotas:
        return ""
    return charts.bar_chart_svg(
        labels=[q.territory.name for q in quotas],
        quotas=[q.quota for q in quotas],
        assigned=[assigned.get(q.territory_id, 0) for q in quotas]
        if assigned is not None
        else None,
        title=_("Quotas of %(period)s") % {"period": period.name},
        description=_("Bar chart of the quota per territory; the same numbers are in the table.")
        if assigned is None
        else _(
            "Bar chart of quota and assigned persons per territory; the same numbers are in "
            "the table."
        ),
        quota_label=_("Quota"),
        assigned_label=_("Assigned"),
    )


@require_GET
def period_detail(request: HttpRequest, body: str, period: UUID) -> HttpResponse:
    body_obj, period_obj = _period(request, body, period)
    quotas = list(selectors.quotas_of(period_obj))
    today = timezone.localdate()
    rows = selectors.fulfilment(user=request.user, period=period_obj, today=today)
    internal = selectors.can_read_internal(request.user, period_obj)
    assigned = {r.quota.territory_id: r.assigned for r in rows} if internal else None
    return render(
        request,
        "reception/period_detail.html",
        _context(request, body_obj)
        | {
            "period": period_obj,
            "quotas": quotas,
            "credits": selectors.credits_of(period_obj),
            "rows": rows,
            "internal": internal,
            "total_forecast": selectors.total_forecast(rows, period=period_obj, today=today)
            if internal
            else None,
            "chart": mark_safe(_chart(period_obj, quotas, assigned)),  # noqa: S308 - our SVG
            "can_manage": selectors.can_manage(request.user, period_obj),
            "can_record": bool(selectors.recordable_territory_ids(request.user, period_obj)),
            "quota_sum": sum(q.quota for q in quotas),
            "share_sum": sum(q.population_share for q in quotas),
            "adjust_sum": sum(q.carry_over + q.credits for q in quotas),
            "carried_sum": sum(q.carried_forward for q in quotas),
            "today": today,
        },
    )


@login_required
@require_POST
def period_allocate(request: HttpRequest, body: str, period: UUID) -> HttpResponse:
    _body_obj, period_obj = _period(request, body, period)
    selectors.require_manage(request.user, period_obj)
    try:
        services.quota_allocate(user=request.user, period=period_obj)  # type: ignore[arg-type]
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The quotas have been computed."))
    return redirect("reception:period_detail", body=body, period=period)


@login_required
@require_POST
def period_publish(request: HttpRequest, body: str, period: UUID) -> HttpResponse:
    _body_obj, period_obj = _period(request, body, period)
    selectors.require_manage(request.user, period_obj)
    try:
        services.period_publish(user=request.user, period=period_obj)  # type: ignore[arg-type]
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The period has been published."))
    return redirect("reception:period_detail", body=body, period=period)


@login_required
@require_http_methods(["GET", "POST"])
def credit_add(request: HttpRequest, body: str, period: UUID) -> HttpResponse:
    body_obj, period_obj = _period(request, body, period)
    selectors.require_manage(request.user, period_obj)
    territories = Territory.objects.filter(
        pk__in=period_obj.key.shares.values_list("territory_id", flat=True)
    ).order_by("ags")
    form = CreditForm(request.POST or None, territories=territories)
    if request.method == "POST" and form.is_valid():
        try:
            services.credit_add(
                user=request.user,  # type: ignore[arg-type]
                period=period_obj,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The credit has been saved."))
            return redirect("reception:period_detail", body=body, period=period)
    return render(
        request,
        "reception/form.html",
        _context(request, body_obj)
        | {
            "form": form,
            "heading": _("Add a credit or carry-over"),
            "intro": period_obj.name,
            "cancel_url": reverse(
                "reception:period_detail", kwargs={"body": body, "period": period}
            ),
        },
    )


@require_GET
def quota_detail(request: HttpRequest, body: str, period: UUID, ags: str) -> HttpResponse:
    body_obj, period_obj = _period(request, body, period)
    quota = selectors.quota_get(period=period_obj, ags=ags)
    visible = selectors.own_territory_ids(request.user, period_obj)
    row = None
    assignments = None
    if quota.territory_id in visible:
        row = next(
            r
            for r in selectors.fulfilment(
                user=request.user, period=period_obj, today=timezone.localdate()
            )
            if r.quota.pk == quota.pk
        )
        assignments = selectors.assignments_for_user(user=request.user, period=period_obj).filter(
            territory=quota.territory
        )
    exp = quota.explanation
    return render(
        request,
        "reception/quota_detail.html",
        _context(request, body_obj)
        | {
            "period": period_obj,
            "quota": quota,
            "exp": exp,
            "row": row,
            "assignments": assignments,
            "weight_share": _percent(exp.get("weight"), exp.get("weight_sum")),
            "sub_periods": quota.sub_periods.filter(state=DistributionPeriod.State.PUBLISHED),
            "district_body": Body.objects.filter(territory=quota.territory).first(),
        },
    )


def _percent(part: Any, whole: Any) -> str:
    try:
        from decimal import Decimal

        value = Decimal(part) / Decimal(whole) * 100
    except (TypeError, ArithmeticError, ValueError):
        return ""
    return number_format(value, 5, use_l10n=True) + " %"


@login_required
@require_GET
def assignment_list(request: HttpRequest, body: str, period: UUID) -> HttpResponse:
    body_obj, period_obj = _period(request, body, period)
    assignments = selectors.assignments_for_user(user=request.user, period=period_obj)
    editable = selectors.recordable_territory_ids(request.user, period_obj)
    return render(
        request,
        "reception/assignment_list.html",
        _context(request, body_obj)
        | {
            "period": period_obj,
            "assignments": assignments,
            "can_record": bool(editable),
            "editable": editable,
        },
    )


def _recordable(request: HttpRequest, period: DistributionPeriod) -> set[int]:
    ids = selectors.recordable_territory_ids(request.user, period)
    if not ids:
        raise PermissionDenied
    return ids


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest, body: str, period: UUID) -> HttpResponse:
    body_obj, period_obj = _period(request, body, period)
    ids = _recordable(request, period_obj)
    form = AssignmentForm(
        request.POST or None,
        territories=Territory.objects.filter(pk__in=ids).order_by("ags"),
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignments.assignment_record(
                user=request.user,  # type: ignore[arg-type]
                period=period_obj,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The assignment has been recorded."))
            return redirect("reception:assignment_list", body=body, period=period)
    return render(
        request,
        "reception/form.html",
        _context(request, body_obj)
        | {
            "form": form,
            "heading": _("Record an assignment"),
            "intro": period_obj.name,
            "cancel_url": reverse(
                "reception:assignment_list", kwargs={"body": body, "period": period}
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_import(request: HttpRequest, body: str, period: UUID) -> HttpResponse:
    """Upload → preview (nothing saved) → confirm (all rows or none)."""
    body_obj, period_obj = _period(request, body, period)
    ids = _recordable(request, period_obj)
    context = _context(request, body_obj) | {"period": period_obj}
    if request.method == "POST" and "content" in request.POST:
        content = request.POST["content"]
        try:
            created = assignments.assignment_import_csv(
                user=request.user,  # type: ignore[arg-type]
                period=period_obj,
                content=content,
                allowed=ids,
            )
        except ValidationError as error:
            return render(
                request,
                "reception/assignment_import.html",
                context | {"form": UploadForm(), "errors": _errors(error)},
            )
        messages.success(
            request, _("%(count)d assignments have been imported.") % {"count": len(created)}
        )
        return redirect("reception:assignment_list", body=body, period=period)
    form = UploadForm(request.POST or None, request.FILES or None)
    preview = None
    content = ""
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        from .csvio import decode

        content = decode(form.cleaned_data["file"].read())
        try:
            preview = assignments.parse_assignment_csv(
                period=period_obj, content=content, allowed=ids
            )
        except ValidationError as error:
            errors = _errors(error)
    return render(
        request,
        "reception/assignment_import.html",
        context
        | {
            "form": form,
            "preview": preview,
            "content": content,
            "errors": errors,
            "preview_sum": sum(r.persons for r in preview or []),
        },
    )
