"""Monitoring pages: catalogue, indicator time series, comparison, targets (the import:
``import_views.py``).

Thin: the selectors decide who may see what, the services write.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from teilhabe.core import selectors as core_selectors
from teilhabe.core.charts import bar_chart_svg
from teilhabe.core.models import Body
from teilhabe.core.services import ConflictError
from teilhabe.core.views import add_service_errors, body_context, conflict_response

from . import selectors, series, services
from .forms import IndicatorForm, ObservationForm, TargetForm
from .models import Indicator, Observation


def _context(request: HttpRequest, body: Body) -> dict[str, Any]:
    return body_context(request, body, "monitoring") | {
        "can_manage": selectors.can_manage(request.user, body),
    }


def _coordinator_body(request: HttpRequest, body: str) -> Body:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    core_selectors.require_coordinator(request.user, body_obj)
    return body_obj


def _float(obs: Observation) -> float:
    return float(obs.value) if obs.value is not None else 0.0


@require_GET
def index(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    context = _context(request, body_obj)
    indicators = selectors.indicators_visible(user=request.user, body=body_obj)
    context |= {
        "monitoring_indicators": [i for i in indicators if i.kind == Indicator.Kind.MONITORING],
        "output_indicators": [i for i in indicators if i.kind == Indicator.Kind.OUTPUT],
    }
    if core_selectors.is_member(request.user, body_obj):
        context["targets"] = selectors.targets_for(
            user=request.user, body=body_obj, today=timezone.localdate()
        )
    if context["can_manage"]:
        context["batches"] = selectors.batches_for(user=request.user, body=body_obj)[:10]
    return render(request, "monitoring/index.html", context)


@require_GET
def indicator_list(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    return render(
        request,
        "monitoring/indicator_list.html",
        _context(request, body_obj)
        | {"indicators": selectors.indicators_visible(user=request.user, body=body_obj)},
    )


@require_GET
def indicator_detail(request: HttpRequest, body: str, code: str) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    indicator = selectors.indicator_get(user=request.user, body=body_obj, code=code)
    territories = selectors.seed_territories(body=body_obj)
    territories += selectors.municipalities_with_values(
        indicator=indicator, territory=body_obj.territory
    )
    table = series.build(indicator, territories)
    context = _context(request, body_obj) | {
        "indicator": indicator,
        "method": services.method_text(indicator),
        "years": table.years,
        "rows": table.rows,
        "chart": mark_safe(table.chart),  # noqa: S308 - our own SVG, texts escaped
        "revisions": selectors.revisions(indicator=indicator, territory=body_obj.territory),
        "own_values": table.data.get(body_obj.territory.pk, []),
        "can_edit": context_can_edit(request, body_obj, indicator),
    }
    return render(request, "monitoring/indicator_detail.html", context)


def context_can_edit(request: HttpRequest, body: Body, indicator: Indicator) -> bool:
    return indicator.body_id == body.pk and selectors.can_manage(request.user, body)


@require_GET
def indicator_csv(request: HttpRequest, body: str, code: str) -> HttpResponse:
    """The values of the detail page as CSV for German Excel (UTF-8 with BOM, ``;``, ``,``)."""
    body_obj = core_selectors.body_get_public(slug=body)
    indicator = selectors.indicator_get(user=request.user, body=body_obj, code=code)
    territories = selectors.seed_territories(body=body_obj)
    territories += selectors.municipalities_with_values(
        indicator=indicator, territory=body_obj.territory
    )
    return series.csv_response(indicator, territories)


@require_GET
def compare(request: HttpRequest, body: str) -> HttpResponse:
    """The seed districts (and the Land) side by side on one indicator."""
    body_obj = core_selectors.body_get_public(slug=body)
    visible = selectors.indicators_visible(user=request.user, body=body_obj)
    code = request.GET.get("indicator") or "foreigners_share"
    indicator = visible.filter(code=code).first() or visible.first()
    if indicator is None:
        raise Http404
    territories = selectors.seed_territories(body=body_obj)
    table = series.build(indicator, territories, chart=False)
    rows = table.rows
    latest = [(r["territory"], next((c for c in reversed(r["cells"]) if c), None)) for r in rows]
    chart = ""
    shown = [(t, o) for t, o in latest if o is not None and o.value is not None]
    if shown:
        chart = bar_chart_svg(
            labels=[f"{t.name} ({o.period_label})" for t, o in shown],
            quotas=[_float(o) for _t, o in shown],
            assigned=None,
            title=indicator.name_de,
            description=_(
                "Bar chart of the latest value per territory; the same numbers are in the table."
            ),
            quota_label=indicator.get_unit_display(),
            assigned_label="",
        )
    return render(
        request,
        "monitoring/compare.html",
        _context(request, body_obj)
        | {
            "indicator": indicator,
            "indicators": visible,
            "years": table.years,
            "rows": rows,
            "chart": mark_safe(chart),  # noqa: S308 - our own SVG
            "method": services.method_text(indicator),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = _coordinator_body(request, body)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.data_and_m2m()
        code = data.pop("code")
        try:
            indicator = services.indicator_create(
                user=request.user,  # type: ignore[arg-type]
                body=body_obj,
                code=code,
                data=data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The indicator has been created."))
            return redirect("monitoring:indicator_detail", body=body, code=indicator.code)
    return render(
        request,
        "monitoring/form.html",
        _context(request, body_obj) | {"form": form, "title": _("New indicator")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, body: str, code: str) -> HttpResponse:
    body_obj = _coordinator_body(request, body)
    indicator = Indicator.objects.filter(body=body_obj, code=code).first()
    if indicator is None:
        raise Http404
    form = IndicatorForm(request.POST or None, instance=indicator)
    context = _context(request, body_obj) | {
        "form": form,
        "title": _("Edit indicator"),
        "indicator": indicator,
    }
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.data_and_m2m()
        data.pop("code", None)
        try:
            services.indicator_update(
                user=request.user,  # type: ignore[arg-type]
                indicator=indicator,
                expected_version=form.cleaned_data["version"],
                data=data,
            )
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The indicator has been saved."))
            return redirect("monitoring:indicator_detail", body=body, code=code)
    return render(request, "monitoring/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = _coordinator_body(request, body)
    indicators = selectors.indicators_visible(user=request.user, body=body_obj)
    form = TargetForm(request.POST or None, body=body_obj, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        goal, objective = form.linked()
        try:
            services.target_create(
                user=request.user,  # type: ignore[arg-type]
                body=body_obj,
                indicator=form.cleaned_data["indicator"],
                territory=form.cleaned_data["territory"],
                goal=goal,
                objective=objective,
                target_value=form.cleaned_data["target_value"],
                due=form.cleaned_data["due"],
                baseline_value=form.cleaned_data["baseline_value"],
                baseline_year=form.cleaned_data["baseline_year"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The target has been saved."))
            return redirect("monitoring:index", body=body)
    return render(
        request,
        "monitoring/form.html",
        _context(request, body_obj) | {"form": form, "title": _("New target")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def observation_create(request: HttpRequest, body: str, code: str) -> HttpResponse:
    """Enter a value of the body's own indicator (output indicators of measures)."""
    body_obj = _coordinator_body(request, body)
    indicator = Indicator.objects.filter(body=body_obj, code=code).first()
    if indicator is None or indicator.is_derived:
        raise Http404
    form = ObservationForm(request.POST or None, body=body_obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.observation_record(
                user=request.user,  # type: ignore[arg-type]
                indicator=indicator,
                territory=form.cleaned_data["territory"],
                period=form.cleaned_data["period"][0],
                period_kind=form.cleaned_data["period"][1],
                value=form.cleaned_data["value"],
                missing_reason=form.cleaned_data["missing_reason"],
                source=form.cleaned_data["source"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The value has been saved."))
            return redirect("monitoring:indicator_detail", body=body, code=code)
    return render(
        request,
        "monitoring/form.html",
        _context(request, body_obj)
        | {"form": form, "title": _("New value: %(name)s") % {"name": indicator.name_de}},
    )
