"""Proposals from inputs, their outcome, the channel report, the concept with one channel
highlighted and the sources of a measure."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.concepts.selectors import measure_lineage
from teilhabe.core.charts import bar_chart_svg
from teilhabe.core.services import ConflictError
from teilhabe.core.views import add_service_errors

from .. import proposals as proposal_services
from .. import selectors
from ..forms import OutcomeForm, ProposalForm
from ..models import Answer, Card, Channel, Comment, Process, Statement
from .common import context, coordinator_body, member_body

INPUT_KINDS: dict[str, type[Any]] = {
    "card": Card,
    "statement": Statement,
    "comment": Comment,
    "answer": Answer,
}


def inputs_from(values: list[str], process: Process) -> list[Any]:
    """``kind:id`` values of the form → the inputs of this process (others are ignored)."""
    available = selectors.inputs_for_proposal_form(process)
    by_key: dict[str, Any] = {}
    for kind, items in (
        ("card", available["cards"]),
        ("statement", available["statements"]),
        ("comment", available["comments"]),
        ("answer", available["answers"]),
    ):
        for item in items:
            by_key[f"{kind}:{input_key(item)}"] = item
    return [by_key[v] for v in values if v in by_key]


def input_key(item: Any) -> str:
    return str(item.pk) if isinstance(item, Answer) else str(item.public_id)


def input_label(item: Any) -> str:
    if isinstance(item, Card):
        return f"{item.workshop.title}: {item.text[:200]}"
    if isinstance(item, Statement):
        return f"{item.title} ({item.actor.name if item.actor else item.author})"
    if isinstance(item, Comment):
        return f"{item.text[:200]} ({item.get_state_display()})"
    value = ", ".join(map(str, item.value)) if isinstance(item.value, list) else str(item.value)
    return f"{item.response.questionnaire.title} – {item.question_text}: {value[:200]}"


def input_sample(item: Any) -> bool:
    if isinstance(item, Card):
        return bool(item.is_sample or item.workshop.is_sample)
    if isinstance(item, Statement):
        return bool(item.is_sample)
    if isinstance(item, Answer):
        return bool(item.response.is_sample)
    return False


def input_groups(
    process: Process, chosen: set[str], exclude: frozenset[str] | set[str] = frozenset()
) -> list[Any]:
    """The inputs of the process as checkbox options, grouped by kind."""
    available = selectors.inputs_for_proposal_form(process)
    groups = []
    for kind, key, heading in (
        ("statement", "statements", _("Statements")),
        ("card", "cards", _("Workshop cards")),
        ("comment", "comments", _("Public comments")),
        ("answer", "answers", _("Questionnaire answers")),
    ):
        options = []
        for item in available[key]:
            value = f"{kind}:{input_key(item)}"
            if value in exclude:
                continue
            options.append(
                {
                    "value": value,
                    "label": input_label(item),
                    "checked": value in chosen,
                    "sample": input_sample(item),
                }
            )
        if options:
            groups.append((heading, options))
    return groups


def report_chart(rows: list[selectors.ChannelRow]) -> str:
    if not any(r.inputs or r.proposals for r in rows):
        return ""
    return mark_safe(  # noqa: S308 - our own SVG, texts escaped
        bar_chart_svg(
            labels=[r.label for r in rows],
            quotas=[r.inputs for r in rows],
            assigned=[r.adopted for r in rows],
            title=_("Inputs and adopted proposals per channel"),
            description=_(
                "Bar chart of the inputs and of the adopted proposals per channel; the same "
                "numbers are in the table."
            ),
            quota_label=_("inputs"),
            assigned_label=_("adopted proposals"),
            chart_id="channel-report",
        )
    )


@login_required
@require_GET
def proposal_list(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = member_body(request, body)
    process_obj = selectors.process_get_for_user(
        user=request.user, body=body_obj, public_id=process
    )
    proposals = list(selectors.proposals_of(process_obj))
    return render(
        request,
        "participation/proposal_list.html",
        context(
            request,
            body_obj,
            process=process_obj,
            proposals=proposals,
            has_sample=any(selectors.input_is_sample(i) for p in proposals for i in p.inputs.all()),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    process_obj = selectors.process_get_for_user(
        user=request.user, body=body_obj, public_id=process
    )
    form = ProposalForm(request.POST or None, process=process_obj)
    chosen = (
        request.POST.getlist("input") if request.method == "POST" else request.GET.getlist("input")
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_services.proposal_create(
                user=request.user,  # type: ignore[arg-type]
                process=process_obj,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                field=form.cleaned_data["field"],
                inputs=inputs_from(chosen, process_obj),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal has been created."))
            return redirect("participation:proposal_detail", body=body, proposal=proposal.public_id)
    return render(
        request,
        "participation/proposal_form.html",
        context(
            request,
            body_obj,
            form=form,
            process=process_obj,
            groups=input_groups(process_obj, set(chosen)),
        ),
    )


def _link_value(link: Any) -> str:
    for kind in ("card", "statement", "comment", "answer"):
        item = getattr(link, kind)
        if item is not None:
            return f"{kind}:{input_key(item)}"
    return ""


@login_required
@require_GET
def proposal_detail(request: HttpRequest, body: str, proposal: str) -> HttpResponse:
    body_obj = member_body(request, body)
    proposal_obj = selectors.proposal_get_for_user(
        user=request.user, body=body_obj, public_id=proposal
    )
    inputs = list(
        proposal_obj.inputs.select_related(
            "card__workshop", "statement", "comment", "answer__response__questionnaire"
        )
    )
    return render(
        request,
        "participation/proposal_detail.html",
        context(
            request,
            body_obj,
            proposal=proposal_obj,
            process=proposal_obj.process,
            inputs=[(i, selectors.input_is_sample(i)) for i in inputs],
            merged=list(proposal_obj.merged.all()),
            # The inputs to add (pending comments among them) are for coordinators only.
            groups=input_groups(
                proposal_obj.process, set(), exclude={_link_value(i) for i in inputs}
            )
            if selectors.can_manage(request.user, body_obj)
            else [],
        ),
    )


@login_required
@require_POST
def proposal_inputs(request: HttpRequest, body: str, proposal: str) -> HttpResponse:
    """Add further inputs that support the proposal."""
    body_obj = coordinator_body(request, body)
    proposal_obj = selectors.proposal_get_for_user(
        user=request.user, body=body_obj, public_id=proposal
    )
    items = inputs_from(request.POST.getlist("input"), proposal_obj.process)
    if not items:
        messages.error(request, _("Choose at least one input."))
    else:
        try:
            added = proposal_services.proposal_add_inputs(
                user=request.user,  # type: ignore[arg-type]
                proposal=proposal_obj,
                inputs=items,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)d inputs added.") % {"n": len(added)})
    return redirect("participation:proposal_detail", body=body, proposal=proposal)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_outcome(request: HttpRequest, body: str, proposal: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    proposal_obj = selectors.proposal_get_for_user(
        user=request.user, body=body_obj, public_id=proposal
    )
    form = OutcomeForm(request.POST or None, proposal=proposal_obj)
    detail = reverse("participation:proposal_detail", kwargs={"body": body, "proposal": proposal})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_measure = None
        if data["new_title"] or data["new_field"]:
            new_measure = {
                "field": data["new_field"],
                "title": data["new_title"],
                "description": data["new_description"],
            }
        try:
            proposal_services.proposal_decide(
                user=request.user,  # type: ignore[arg-type]
                proposal=proposal_obj,
                expected_version=data["version"],
                outcome=data["outcome"],
                measure=data["measure"] if data["outcome"] == "accepted" else None,
                new_measure=new_measure if data["outcome"] == "accepted" else None,
                merged_into=data["merged_into"] if data["outcome"] == "merged" else None,
                reason=data["reason"],
                decided=data["decided"],
            )
        except ConflictError:
            form.add_error(
                None, _("Somebody else has changed this proposal meanwhile. Reload the page.")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The outcome has been saved."))
            return redirect(detail)
    return render(
        request,
        "participation/form.html",
        context(
            request,
            body_obj,
            form=form,
            heading=_("Outcome of “%(title)s”") % {"title": proposal_obj.title},
            intro=_(
                "The outcome is public: adopted as a measure, merged with another proposal, "
                "or not adopted with the reason."
            ),
            process=proposal_obj.process,
            cancel_url=detail,
        ),
    )


@login_required
@require_GET
def channel_report(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = member_body(request, body)
    process_obj = selectors.process_get_for_user(
        user=request.user, body=body_obj, public_id=process
    )
    rows = selectors.channel_report(process_obj)
    return render(
        request,
        "participation/channel_report.html",
        context(request, body_obj, process=process_obj, rows=rows, chart=report_chart(rows)),
    )


@login_required
@require_GET
def concept_highlight(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = member_body(request, body)
    process_obj = selectors.process_get_for_user(
        user=request.user, body=body_obj, public_id=process
    )
    channel = request.GET.get("channel") or Channel.MIGRANT_COUNCIL
    if channel not in Channel.values:
        channel = Channel.MIGRANT_COUNCIL
    highlighted = selectors.concept_highlighted(process=process_obj, channel=channel)
    return render(
        request,
        "participation/concept_highlight.html",
        context(
            request,
            body_obj,
            process=process_obj,
            edition=process_obj.edition,
            tree=highlighted.tree,
            marked=highlighted.marked,
            channel=Channel(channel),
            channels=Channel.choices,
        ),
    )


@login_required
@require_GET
def measure_sources(request: HttpRequest, body: str, measure: str) -> HttpResponse:
    body_obj = member_body(request, body)
    measure_obj = selectors.measure_get_for_user(
        user=request.user, body=body_obj, public_id=measure
    )
    sources = selectors.measure_sources(measure_obj)
    return render(
        request,
        "participation/measure_sources.html",
        context(
            request,
            body_obj,
            measure=measure_obj,
            sources=sources,
            lineage=measure_lineage(measure_obj),
            has_sample=any(s.has_sample for s in sources),
        ),
    )
