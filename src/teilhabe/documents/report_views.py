"""Sachstandsberichte for the members of a body: ``/app/<body>/documents/reports/…``.

Every member reads the reports (they are written for the committee; contributors report on
the measures they describe); only coordinators make a report or a Mitteilungsvorlage from
it. A stored report is shown and downloaded from its frozen snapshot only.
"""

from __future__ import annotations

import datetime
from typing import Any, cast
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from teilhabe.concepts.models import Edition, FieldOfAction
from teilhabe.core import selectors as core_selectors
from teilhabe.core.models import Body
from teilhabe.core.views import body_context
from teilhabe.tracking import reports as tracking_reports

from . import report_layout as R
from .progress_report import has_council, report_build, report_paper_create
from .report_pdf import report_pdf
from .report_word import report_docx
from .views import document_response

FORMATS = {"docx": report_docx, "pdf": report_pdf}
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
DATE_ERROR = gettext_lazy("Enter the date as DD.MM.YYYY, e.g. 31.12.2024.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class FieldChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.edition.label}: {obj.title}"


class ReportForm(forms.Form):
    edition = forms.ModelChoiceField(
        label=gettext_lazy("Edition"), queryset=Edition.objects.none(), empty_label=None
    )
    period_from = forms.DateField(
        label=gettext_lazy("Period from"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_ERROR},
    )
    period_to = forms.DateField(
        label=gettext_lazy("Period to"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_ERROR},
    )
    field = FieldChoice(
        label=gettext_lazy("Scope"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        empty_label=gettext_lazy("The whole concept"),
        help_text=gettext_lazy("Or one field of action of the chosen edition."),
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        editions = Edition.objects.filter(
            concept__body=body, status__in=Edition.PUBLIC_STATUSES
        ).order_by("-valid_from", "-created")
        cast(forms.ModelChoiceField, self.fields["edition"]).queryset = editions
        in_force = editions.filter(status=Edition.Status.IN_FORCE).first()
        if in_force is not None:
            self.fields["edition"].initial = in_force.pk
        cast(forms.ModelChoiceField, self.fields["field"]).queryset = (
            FieldOfAction.objects.filter(edition__in=editions)
            .select_related("edition")
            .order_by("-edition__valid_from", "position", "id")
        )
        today = timezone.localdate()
        self.fields["period_from"].initial = datetime.date(today.year, 1, 1)
        self.fields["period_to"].initial = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from"), data.get("period_to")
        if start and end:
            try:
                tracking_reports.check_period(start, end)
            except ValidationError as error:
                for field, msgs in error.message_dict.items():
                    self.add_error(field, msgs)
        edition, scope = data.get("edition"), data.get("field")
        if edition is not None and scope is not None and scope.edition_id != edition.pk:
            self.add_error("field", _("Choose a field of action of the chosen edition."))
        return data


def _context(request: HttpRequest, body: Body) -> dict[str, Any]:
    return body_context(request, body, "reports")


def _member_body(request: HttpRequest, body: str) -> Body:
    return core_selectors.body_get_for_member(user=request.user, slug=body)


def _coordinator_body(request: HttpRequest, body: str) -> Body:
    body_obj = _member_body(request, body)
    core_selectors.require_coordinator(request.user, body_obj)
    return body_obj


@login_required
@require_safe
def report_list(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = _member_body(request, body)
    reports = tracking_reports.reports_for_user(user=request.user, body=body_obj)
    return render(
        request, "documents/report_list.html", _context(request, body_obj) | {"reports": reports}
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = _coordinator_body(request, body)
    form = ReportForm(request.POST or None, body=body_obj)
    if request.method == "POST" and form.is_valid():
        try:
            report = report_build(
                user=request.user,  # type: ignore[arg-type]
                edition=form.cleaned_data["edition"],
                period_from=form.cleaned_data["period_from"],
                period_to=form.cleaned_data["period_to"],
                field=form.cleaned_data["field"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, msgs in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, msgs)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The progress report has been created."))
            return redirect("documents:report_detail", body=body, report=report.public_id)
    return render(
        request,
        "documents/report_form.html",
        _context(request, body_obj)
        | {"form": form, "has_editions": form.fields["edition"].queryset.exists()},  # type: ignore[attr-defined]
    )


def _target_charts(content: dict[str, Any]) -> list[tuple[str, str, list[list[str]]]]:
    """Per monitoring target with a series: its title, chart (SVG) and the chart's numbers."""
    charts: list[tuple[str, str, list[list[str]]]] = []
    for index, row in enumerate(content["targets"]):
        if not R.has_chart(row):
            continue
        svg = R.target_chart_svg(row, chart_id=f"target-chart-{index}")
        # our own SVG, its texts escaped
        charts.append((R.target_chart_title(row), mark_safe(svg), R.target_series_rows(row)))  # noqa: S308
    return charts


@login_required
@require_safe
def report_detail(request: HttpRequest, body: str, report: UUID) -> HttpResponse:
    body_obj = _member_body(request, body)
    report_obj = tracking_reports.report_get_for_user(
        user=request.user, body=body_obj, public_id=report
    )
    content = report_obj.content
    context = _context(request, body_obj) | {
        "report": report_obj,
        "c": content,
        "chart": mark_safe(R.status_chart_svg(content)),  # noqa: S308 – our own SVG, texts escaped
        "chart_title": R.CHART_TITLE,
        "summary_sentence": R.summary_sentence(content),
        "cover_facts": R.cover_facts(content),
        "summary_facts": R.summary_facts(content),
        "field_header": R.FIELD_HEADER,
        "field_rows": [R.field_row(r) for r in content["fields"]],
        "budget_rows": [
            [row["field"], *R.budget_row(row, str(row["year"]))]
            for row in content["budget"]["rows"]
        ],
        "budget_years": [R.budget_row(row, str(row["year"])) for row in content["budget"]["years"]],
        "budget_total": (
            R.budget_row(content["budget"]["total"], R.TOTAL)
            if content["budget"]["total"]
            else None
        ),
        "budget_header": R.BUDGET_HEADER,
        "foci": [(R.focus_heading(f), f) for f in content["focus"]],
        "highlights": [(R.highlight_line(h), h) for h in content["highlights"]],
        "tables": [
            (R.H_DELAYED, R.DELAYED_HEADER, [R.delayed_row(r) for r in content["delayed"]]),
            (R.H_STALE, R.STALE_HEADER, [R.stale_row(r) for r in content["stale"]]),
        ],
        "target_header": R.TARGET_HEADER,
        "target_rows": [R.target_row(r) for r in content["targets"]],
        "target_charts": _target_charts(content),
        "series_header": R.SERIES_HEADER,
        "appendix_header": R.APPENDIX_HEADER,
        "appendix": [(R.appendix_row(r), r["narrative"]) for r in content["appendix"]],
        "can_make_paper": core_selectors.is_coordinator(request.user, body_obj)
        and has_council(report_obj),
        "L": R,
    }
    return render(request, "documents/report_detail.html", context)


@login_required
@require_safe
def report_download(request: HttpRequest, body: str, report: UUID, fmt: str) -> HttpResponse:
    build = FORMATS.get(fmt)
    if build is None:
        raise Http404
    body_obj = _member_body(request, body)
    report_obj = tracking_reports.report_get_for_user(
        user=request.user, body=body_obj, public_id=report
    )
    return document_response(
        build(report_obj.content),
        fmt=fmt,
        filename=R.report_filename(report_obj, fmt),
        private=True,
    )


@login_required
@require_POST
def report_paper(request: HttpRequest, body: str, report: UUID) -> HttpResponse:
    """Mitteilungsvorlage with the report attached (DOCX and PDF); then the paper's page."""
    body_obj = _coordinator_body(request, body)
    report_obj = tracking_reports.report_get_for_coordinator(
        user=request.user, body=body_obj, public_id=report
    )
    if not has_council(report_obj):
        messages.error(request, _("The body has no council organizations yet."))
        return redirect("documents:report_detail", body=body, report=report_obj.public_id)
    paper = report_paper_create(user=request.user, report=report_obj)  # type: ignore[arg-type]
    messages.success(
        request,
        _(
            "The Mitteilungsvorlage has been created with the report attached. It is not public yet."
        ),
    )
    return redirect("council:paper_detail", body=body, paper=paper.public_id)
