"""Public participation pages: ``/<body>/beteiligung/…``.

The open comment phase with the draft under consultation and the comment form (privacy
notice, honeypot, rate limit), the published comments, and the proposals with their outcome
and the channel report. What is public is decided in ``selectors`` (see there).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from teilhabe.concepts.models import FieldOfAction, Measure
from teilhabe.concepts.selectors import concept_of, edition_tree
from teilhabe.core import selectors as core_selectors
from teilhabe.core.models import Body
from teilhabe.core.views import body_context

from .. import comments, selectors
from ..forms import CommentForm
from ..models import Channel, Process
from .proposals import report_chart


def _context(request: HttpRequest, body: Body, **extra: Any) -> dict[str, Any]:
    return body_context(request, body, "participation") | {"concept": concept_of(body), **extra}


@require_GET
def index(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    today = timezone.localdate()
    return render(
        request,
        "participation/public/index.html",
        _context(
            request,
            body_obj,
            open_phases=selectors.open_public_phases(body=body_obj, today=today),
            processes=selectors.processes_public(body=body_obj, today=today),
        ),
    )


def _draft_page(
    request: HttpRequest, body: Body, process: Process, form: CommentForm | None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    phase = selectors.open_public_phase(process=process, today=today)
    tree = edition_tree(process.edition) if phase is not None else None
    published = list(selectors.comments_published(process))
    by_field: dict[int, list[Any]] = {}
    by_measure: dict[int, list[Any]] = {}
    for c in published:
        if c.measure_id:
            by_measure.setdefault(c.measure_id, []).append(c)
        else:
            by_field.setdefault(c.field_id or 0, []).append(c)
    if tree is not None and form is None:
        form = _comment_form(process, None, initial=_initial_subject(request))
    return render(
        request,
        "participation/public/process.html",
        _context(
            request,
            body,
            process=process,
            phase=phase,
            tree=tree,
            form=form,
            comments=published,
            by_field=by_field,
            by_measure=by_measure,
            proposal_count=process.proposals.count(),
        ),
        status=status,
    )


def _initial_subject(request: HttpRequest) -> dict[str, str]:
    subject = request.GET.get("subject", "")
    return {"subject": subject} if subject else {}


def _comment_form(process: Process, data: Any, initial: Any = None) -> CommentForm:
    fields = list(FieldOfAction.objects.filter(edition=process.edition))
    measures = list(Measure.objects.filter(edition=process.edition, field__in=fields))
    return CommentForm(data, fields=fields, measures=measures, initial=initial)


@require_GET
def process_page(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    process_obj = selectors.process_get_public(body=body_obj, public_id=process)
    return _draft_page(request, body_obj, process_obj, None)


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@require_http_methods(["POST"])
def comment_submit(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    process_obj = selectors.process_get_public(body=body_obj, public_id=process)
    if selectors.open_public_phase(process=process_obj) is None:
        messages.error(request, _("The public comment phase is not open."))
        return redirect("participation_public:process", body=body, process=process)
    form = _comment_form(process_obj, request.POST)
    if not form.is_valid():
        return _draft_page(request, body_obj, process_obj, form, status=400)
    kind, _sep, public_id = form.cleaned_data["subject"].partition(":")
    model = FieldOfAction if kind == "field" else Measure
    subject = model.objects.filter(edition=process_obj.edition, public_id=public_id).first()
    try:
        comments.comment_submit(
            process=process_obj,
            text=form.cleaned_data["text"],
            author=form.cleaned_data["author"],
            field=subject if kind == "field" else None,
            measure=subject if kind == "measure" else None,
            sender_address=_client_address(request),
            honeypot=form.cleaned_data["website"],
        )
    except comments.SpamError:
        pass  # pretend success: a bot learns nothing
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, msgs in error.message_dict.items():
                form.add_error(field if field in form.fields else None, msgs)
        else:
            form.add_error(None, error.messages)
        status = 429 if isinstance(error, comments.RateLimitError) else 400
        return _draft_page(request, body_obj, process_obj, form, status=status)
    messages.success(
        request,
        _(
            "Thank you for your comment. It will be shown here once the coordination office "
            "has checked it."
        ),
    )
    return redirect("participation_public:process", body=body, process=process)


@require_GET
def proposals(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    process_obj = selectors.process_get_public(body=body_obj, public_id=process)
    rows = selectors.channel_report(process_obj)
    proposal_list = list(selectors.proposals_public(process_obj))
    return render(
        request,
        "participation/public/proposals.html",
        _context(
            request,
            body_obj,
            process=process_obj,
            proposals=proposal_list,
            rows=rows,
            chart=report_chart(rows),
            edition_public=process_obj.edition.is_public,
            has_sample=any(
                selectors.input_is_sample(i) for p in proposal_list for i in p.inputs.all()
            )
            or any(r.sample_inputs for r in rows),
            public_channel=Channel.PUBLIC,
        ),
    )
