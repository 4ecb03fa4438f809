"""Council pages of a body: papers with their Beratungsfolge, outcomes and votes, the
Beschlusskontrolle, organizations and meetings.

Members of the body read (contributors only public papers, see ``selectors``); coordinators
write, always through the services.
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.concepts import selectors as concept_selectors
from teilhabe.concepts.models import Edition
from teilhabe.core import selectors as core_selectors
from teilhabe.core.models import Body
from teilhabe.core.services import ConflictError
from teilhabe.core.views import add_service_errors, audit_rows, body_context, conflict_response

from . import selectors, services
from .forms import (
    AgendaItemForm,
    ConsultationForm,
    MeetingForm,
    OrganizationForm,
    OutcomeForm,
    PaperCreateForm,
    PaperForm,
)
from .models import Consultation, Paper

NAV = "council"


def member_body(request: HttpRequest, body: str) -> Body:
    return core_selectors.body_get_for_member(user=request.user, slug=body)


def coordinator_body(request: HttpRequest, body: str) -> Body:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    core_selectors.require_coordinator(request.user, body_obj)
    return body_obj


def context_of(request: HttpRequest, body: Body, section: str) -> dict[str, Any]:
    return body_context(request, body, NAV) | {
        "section": section,
        "reads_non_public": selectors.reads_non_public(request.user, body),
    }


def paper_url(paper: Paper) -> str:
    return reverse(
        "council:paper_detail", kwargs={"body": paper.body.slug, "paper": paper.public_id}
    )


def steps_url(paper: Paper) -> str:
    return paper_url(paper) + "#beratungsfolge"


def form_page(
    request: HttpRequest, context: dict[str, Any], form: BaseForm, heading: str, cancel_url: str
) -> HttpResponse:
    return render(
        request,
        "council/form.html",
        context | {"form": form, "heading": heading, "cancel_url": cancel_url},
    )


# --- papers -----------------------------------------------------------------------------


@login_required
@require_GET
def paper_list(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = member_body(request, body)
    filters = selectors.PaperFilter(
        **{
            name: request.GET.get(name, "").strip()
            for name in ("paper_type", "year", "q", "visibility")
        }
    )
    papers = list(selectors.paper_list(user=request.user, body=body_obj, filters=filters))
    return render(
        request,
        "council/paper_list.html",
        context_of(request, body_obj, "papers")
        | {
            "papers": papers,
            "filters": filters,
            "paper_types": Paper.PaperType.choices,
            "years": selectors.paper_years(user=request.user, body=body_obj),
        },
    )


@login_required
@require_GET
def paper_detail(request: HttpRequest, body: str, paper: UUID) -> HttpResponse:
    body_obj = member_body(request, body)
    paper_obj = selectors.paper_get_for_user(user=request.user, body=body_obj, public_id=paper)
    context = context_of(request, body_obj, "papers") | {
        "paper": paper_obj,
        "steps": list(paper_obj.consultations.all()),
        "files": list(paper_obj.files.select_related("edition")),
    }
    if context["is_coordinator"]:
        context["history"] = audit_rows(
            selectors.paper_history(user=request.user, body=body_obj, paper=paper_obj)[:50]
        )
    return render(request, "council/paper_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def paper_create(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    form = PaperCreateForm(request.POST or None, body=body_obj)
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.data_and_m2m()
        edition = data.pop("edition", None)
        try:
            paper_obj = services.paper_create(
                user=request.user,  # type: ignore[arg-type]
                body=body_obj,
                data=data,
                edition=edition,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The paper has been saved."))
            return redirect(paper_url(paper_obj))
    return form_page(
        request,
        context_of(request, body_obj, "papers"),
        form,
        _("New paper"),
        reverse("council:paper_list", kwargs={"body": body}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_edit(request: HttpRequest, body: str, paper: UUID) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    paper_obj = selectors.paper_get_for_user(user=request.user, body=body_obj, public_id=paper)
    context = context_of(request, body_obj, "papers") | {"paper": paper_obj}
    form = PaperForm(request.POST or None, instance=paper_obj, body=body_obj)
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.data_and_m2m()
        try:
            services.paper_update(
                user=request.user,  # type: ignore[arg-type]
                paper=paper_obj,
                expected_version=form.cleaned_data["version"],
                data=data,
            )
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The paper has been saved."))
            return redirect(paper_url(paper_obj))
    return form_page(
        request,
        context,
        form,
        _("Edit paper %(paper)s") % {"paper": paper_obj},
        paper_url(paper_obj),
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_delete(request: HttpRequest, body: str, paper: UUID) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    paper_obj = selectors.paper_get_for_user(user=request.user, body=body_obj, public_id=paper)
    error = ""
    if request.method == "POST":
        try:
            services.paper_delete(user=request.user, paper=paper_obj)  # type: ignore[arg-type]
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The paper has been deleted."))
            return redirect("council:paper_list", body=body)
    return render(
        request,
        "council/confirm_delete.html",
        context_of(request, body_obj, "papers")
        | {
            "object": paper_obj,
            "error": error,
            "cancel_url": paper_url(paper_obj),
            "heading": _("Delete paper “%(paper)s”?") % {"paper": paper_obj},
        },
    )


@login_required
@require_POST
def paper_create_for_edition(request: HttpRequest, body: str, edition: UUID) -> HttpResponse:
    """ "Beschlussvorlage zu dieser Fortschreibung": a pre-filled paper for a draft edition."""
    body_obj = coordinator_body(request, body)
    edition_obj = concept_selectors.edition_get_for_user(
        user=request.user, body=body_obj, public_id=edition
    )
    if edition_obj.status not in (Edition.Status.DRAFT, Edition.Status.IN_CONSULTATION):
        messages.error(
            request,
            _("A Beschlussvorlage can only be drafted for an edition that is not yet adopted."),
        )
        return redirect("concepts:edition_detail", body=body, edition=edition)
    paper_obj = services.paper_create_for_edition(user=request.user, edition=edition_obj)  # type: ignore[arg-type]
    steps = paper_obj.consultations.count()
    if steps:
        messages.success(
            request,
            _(
                "The Beschlussvorlage has been drafted with %(n)d planned steps. Check the text and enter the dates of the Beratungsfolge."
            )
            % {"n": steps},
        )
    else:
        messages.warning(
            request,
            _(
                "The Beschlussvorlage has been drafted. No Beratungsfolge could be planned, because the body has no committees with the classifications Ausschuss, Hauptausschuss or Parlament yet."
            ),
        )
    return redirect(paper_url(paper_obj))


# --- the Beratungsfolge -----------------------------------------------------------------


def _consultation(request: HttpRequest, body: str, consultation: UUID) -> tuple[Body, Any]:
    body_obj = coordinator_body(request, body)
    return body_obj, selectors.consultation_get_for_user(
        user=request.user, body=body_obj, public_id=consultation
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest, body: str, paper: UUID) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    paper_obj = selectors.paper_get_for_user(user=request.user, body=body_obj, public_id=paper)
    form = ConsultationForm(request.POST or None, body=body_obj)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consultation_add(
                user=request.user,  # type: ignore[arg-type]
                paper=paper_obj,
                organization=data["organization"],
                planned_date=data["planned_date"],
                role=data["role"],
                authoritative=data["authoritative"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The step has been added."))
            return redirect(steps_url(paper_obj))
    return form_page(
        request,
        context_of(request, body_obj, "papers") | {"paper": paper_obj},
        form,
        _("Add a step to the Beratungsfolge"),
        steps_url(paper_obj),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, body: str, consultation: UUID) -> HttpResponse:
    body_obj, step = _consultation(request, body, consultation)
    context = context_of(request, body_obj, "papers") | {"paper": step.paper}
    form = ConsultationForm(request.POST or None, instance=step, body=body_obj)
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.data_and_m2m()
        try:
            services.consultation_update(
                user=request.user,  # type: ignore[arg-type]
                consultation=step,
                expected_version=form.cleaned_data["version"],
                data=data,
            )
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The step has been saved."))
            return redirect(steps_url(step.paper))
    return form_page(
        request,
        context,
        form,
        _("Edit step: %(step)s") % {"step": step},
        steps_url(step.paper),
    )


@login_required
@require_POST
def consultation_move(request: HttpRequest, body: str, consultation: UUID) -> HttpResponse:
    _body, step = _consultation(request, body, consultation)
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.consultation_move(user=request.user, consultation=step, direction=direction)  # type: ignore[arg-type]
    return redirect(steps_url(step.paper))


@login_required
@require_http_methods(["GET", "POST"])
def consultation_delete(request: HttpRequest, body: str, consultation: UUID) -> HttpResponse:
    body_obj, step = _consultation(request, body, consultation)
    error = ""
    if request.method == "POST":
        try:
            services.consultation_delete(user=request.user, consultation=step)  # type: ignore[arg-type]
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The step has been deleted."))
            return redirect(steps_url(step.paper))
    return render(
        request,
        "council/confirm_delete.html",
        context_of(request, body_obj, "papers")
        | {
            "object": step,
            "error": error,
            "cancel_url": steps_url(step.paper),
            "heading": _("Delete the step “%(step)s”?") % {"step": step},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_outcome(request: HttpRequest, body: str, consultation: UUID) -> HttpResponse:
    """Record outcome and vote; the authoritative step may put the edition in force."""
    body_obj, step = _consultation(request, body, consultation)
    paper_obj = step.paper
    context = context_of(request, body_obj, "papers") | {"paper": paper_obj, "step": step}
    form = OutcomeForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        edition_before = paper_obj.edition.status if paper_obj.edition else None
        try:
            services.consultation_record_outcome(
                user=request.user,  # type: ignore[arg-type]
                consultation=step,
                expected_version=data["version"],
                outcome=data["outcome"],
                decided_on=data["decided_on"],
                votes_yes=data["votes_yes"],
                votes_no=data["votes_no"],
                votes_abstain=data["votes_abstain"],
                unanimous=data["unanimous"],
                resolution_text=data["resolution_text"],
            )
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The outcome has been recorded."))
            if paper_obj.edition is not None:
                paper_obj.edition.refresh_from_db()
                if (
                    paper_obj.edition.status == Edition.Status.IN_FORCE
                    and edition_before != Edition.Status.IN_FORCE
                ):
                    messages.success(
                        request,
                        _(
                            "The edition “%(label)s” is now in force; the edition in force so far has been superseded."
                        )
                        % {"label": paper_obj.edition.label},
                    )
            return redirect(steps_url(paper_obj))
    intro = ""
    if step.authoritative and paper_obj.edition is not None:
        intro = _(
            "This is the deciding step. If you record “adopted”, the edition “%(label)s” comes into force on the date of the decision."
        ) % {"label": paper_obj.edition.label}
    return render(
        request,
        "council/form.html",
        context
        | {
            "form": form,
            "heading": _("Outcome: %(step)s") % {"step": step},
            "intro": intro,
            "cancel_url": steps_url(paper_obj),
        },
    )


# --- Beschlusskontrolle -----------------------------------------------------------------


@login_required
@require_GET
def decision_control(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = member_body(request, body)
    rows = selectors.decision_control(user=request.user, body=body_obj)
    state = request.GET.get("state", "")
    if state == "open":
        rows = [r for r in rows if not r["done"]]
    elif state == "done":
        rows = [r for r in rows if r["done"]]
    return render(
        request,
        "council/decision_control.html",
        context_of(request, body_obj, "decisions")
        | {"rows": rows, "state": state, "positive": Consultation.POSITIVE},
    )


# --- organizations ----------------------------------------------------------------------


@login_required
@require_GET
def organization_list(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = member_body(request, body)
    return render(
        request,
        "council/organization_list.html",
        context_of(request, body_obj, "organizations")
        | {"organizations": selectors.organizations_of(body_obj)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(
    request: HttpRequest, body: str, organization: UUID | None = None
) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    organization_obj = (
        selectors.organization_get(body=body_obj, public_id=organization) if organization else None
    )
    context = context_of(request, body_obj, "organizations")
    form = OrganizationForm(request.POST or None, instance=organization_obj)
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.data_and_m2m()
        try:
            if organization_obj is None:
                services.organization_create(user=request.user, body=body_obj, data=data)  # type: ignore[arg-type]
            else:
                services.organization_update(
                    user=request.user,  # type: ignore[arg-type]
                    organization=organization_obj,
                    expected_version=form.cleaned_data["version"],
                    data=data,
                )
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organization has been saved."))
            return redirect("council:organization_list", body=body)
    return form_page(
        request,
        context,
        form,
        _("Edit organization") if organization_obj else _("New organization"),
        reverse("council:organization_list", kwargs={"body": body}),
    )


# --- meetings ---------------------------------------------------------------------------


@login_required
@require_GET
def meeting_list(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = member_body(request, body)
    return render(
        request,
        "council/meeting_list.html",
        context_of(request, body_obj, "meetings")
        | {"meetings": selectors.meetings_for_user(user=request.user, body=body_obj)},
    )


@login_required
@require_GET
def meeting_detail(request: HttpRequest, body: str, meeting: UUID) -> HttpResponse:
    body_obj = member_body(request, body)
    meeting_obj = selectors.meeting_get_for_user(
        user=request.user, body=body_obj, public_id=meeting
    )
    return render(
        request,
        "council/meeting_detail.html",
        context_of(request, body_obj, "meetings")
        | {
            "meeting": meeting_obj,
            "items": selectors.agenda_items_for_user(user=request.user, meeting=meeting_obj),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    form = MeetingForm(request.POST or None, body=body_obj)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("name", "organization", "start", "state")}
        text = form.cleaned_data["location_text"].strip()
        try:
            if text:
                data["location"] = services.location_ensure(
                    user=request.user,  # type: ignore[arg-type]
                    body=body_obj,
                    description=text,
                )
            meeting_obj = services.meeting_create(user=request.user, body=body_obj, data=data)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("council:meeting_detail", body=body, meeting=meeting_obj.public_id)
    return form_page(
        request,
        context_of(request, body_obj, "meetings"),
        form,
        _("New meeting"),
        reverse("council:meeting_list", kwargs={"body": body}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_create(request: HttpRequest, body: str, meeting: UUID) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    meeting_obj = selectors.meeting_get_for_user(
        user=request.user, body=body_obj, public_id=meeting
    )
    form = AgendaItemForm(request.POST or None, body=body_obj, meeting=meeting_obj)
    back = reverse("council:meeting_detail", kwargs={"body": body, "meeting": meeting})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("number", "name", "public")}
        try:
            services.agenda_item_create(
                user=request.user,  # type: ignore[arg-type]
                meeting=meeting_obj,
                data=data,
                consultation=form.cleaned_data["consultation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agenda item has been added."))
            return redirect(back)
    return form_page(
        request,
        context_of(request, body_obj, "meetings") | {"meeting": meeting_obj},
        form,
        _("New agenda item for %(meeting)s") % {"meeting": meeting_obj},
        back,
    )
