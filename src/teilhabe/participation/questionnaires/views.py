"""Member pages of questionnaires: the list per process, the builder (questionnaire, sections,
questions, conditions, order), the preview, and the results with their exports.

The invitations are in :mod:`.invitation_views`, the recipients' pages in :mod:`.public_views`.
Thin: the selectors decide who may see what, the services write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core import selectors as core_selectors
from teilhabe.core.models import Body
from teilhabe.core.views import add_service_errors, body_context, form_page

from ..models import Questionnaire
from . import logic, results, selectors, services
from .forms import QuestionForm, QuestionnaireForm, SectionForm


def _context(request: HttpRequest, body: Body, **extra: Any) -> dict[str, Any]:
    return (
        body_context(request, body, "participation")
        | {"can_manage": selectors.can_manage(request.user, body)}
        | extra
    )


def _body(request: HttpRequest, body: str, *, manage: bool = False) -> Body:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    if manage:
        core_selectors.require_coordinator(request.user, body_obj)
    return body_obj


#: Service field names → the builder form's fields that show them.
ERROR_FIELDS = {
    "condition_question": "condition",
    "condition_value": "condition",
    "choices": "choices_text",
}


def add_errors(form: Any, error: ValidationError) -> None:
    aliases = {name: shown for name, shown in ERROR_FIELDS.items() if shown in form.fields}
    add_service_errors(form, error, aliases=aliases)


def _detail(body: str, questionnaire: Questionnaire) -> HttpResponse:
    return redirect(
        "participation:questionnaire_detail", body=body, questionnaire=questionnaire.public_id
    )


def _managed(request: HttpRequest, body: str, questionnaire: UUID) -> tuple[Body, Questionnaire]:
    """The body and the questionnaire, for its coordinators only (checked before the lookup)."""
    body_obj = _body(request, body, manage=True)
    obj = selectors.questionnaire_get(
        user=request.user, body=body_obj, public_id=questionnaire, manage=True
    )
    return body_obj, obj


def _form_page(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return form_page(request, add_errors=add_errors, **kwargs)


def _action(
    request: HttpRequest,
    body: str,
    questionnaire: Questionnaire,
    action: Callable[..., Any],
    success: str = "",
    **kwargs: Any,
) -> HttpResponse:
    """A POST that calls one service (remove, move) and returns to the builder."""
    try:
        action(user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if success:
            messages.success(request, success)
    return _detail(body, questionnaire)


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- list and questionnaire ---------------------------------------------------------------


@login_required
@require_GET
def questionnaire_list(request: HttpRequest, body: str, process: UUID) -> HttpResponse:
    body_obj = _body(request, body)
    process_obj = selectors.process_get(user=request.user, body=body_obj, public_id=process)
    questionnaires = selectors.questionnaires_of(
        user=request.user, body=body_obj, process=process_obj
    ).annotate(
        n_questions=Count("questions", filter=Q(questions__is_deleted=False), distinct=True),
        n_invited=Count(
            "invitations",
            filter=Q(invitations__is_deleted=False, invitations__revoked=None),
            distinct=True,
        ),
        n_responses=Count("responses", filter=Q(responses__is_deleted=False), distinct=True),
    )
    rows = [
        {
            "questionnaire": q,
            "questions": q.n_questions,
            "invited": q.n_invited,
            "responses": q.n_responses,
        }
        for q in questionnaires
    ]
    return render(
        request,
        "participation/questionnaire/list.html",
        _context(request, body_obj, process=process_obj, rows=rows),
    )


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_create(request: HttpRequest, body: str, process: UUID) -> HttpResponse:
    body_obj = _body(request, body, manage=True)
    process_obj = selectors.process_get(user=request.user, body=body_obj, public_id=process)
    form = QuestionnaireForm(_post(request))
    return _form_page(
        request,
        form=form,
        template="participation/questionnaire/form.html",
        context=_context(
            request, body_obj, form=form, process=process_obj, title=_("New questionnaire")
        ),
        save=lambda: services.questionnaire_create(
            user=request.user,  # type: ignore[arg-type]
            process=process_obj,
            **form.data_and_m2m()[0],
        ),
        success=_("The questionnaire has been created."),
        done=lambda questionnaire: _detail(body, questionnaire),
    )


@login_required
@require_GET
def questionnaire_detail(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    """The builder: sections and questions with their actions."""
    body_obj, obj = _managed(request, body, questionnaire)
    questions = logic.ordered_questions(obj)
    for number, q in enumerate(questions, start=1):
        q.number = number  # type: ignore[attr-defined]
        q.condition_label = (  # type: ignore[attr-defined]
            logic.value_label(q.condition_question, q.condition_value)
            if q.condition_question
            else ""
        )
    sections: list[dict[str, Any]] = [
        {"section": None, "questions": [q for q in questions if q.section is None]}
    ]
    sections += [
        {"section": s, "questions": [q for q in questions if q.section_id == s.pk]}
        for s in obj.sections.all()
    ]
    return render(
        request,
        "participation/questionnaire/detail.html",
        _context(
            request,
            body_obj,
            questionnaire=obj,
            process=obj.process,
            sections=sections,
            responses=obj.responses.count(),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_edit(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    body_obj, obj = _managed(request, body, questionnaire)
    form = QuestionnaireForm(_post(request), instance=obj)
    return _form_page(
        request,
        form=form,
        template="participation/questionnaire/form.html",
        context=_context(
            request,
            body_obj,
            form=form,
            process=obj.process,
            questionnaire=obj,
            title=_("Edit questionnaire"),
        ),
        save=lambda: services.questionnaire_update(
            user=request.user,  # type: ignore[arg-type]
            questionnaire=obj,
            expected_version=form.cleaned_data["version"],
            data=form.data_and_m2m()[0],
        ),
        success=_("The questionnaire has been saved."),
        done=lambda _result: _detail(body, obj),
    )


# --- sections -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def section_create(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    body_obj, obj = _managed(request, body, questionnaire)
    form = SectionForm(_post(request))
    return _form_page(
        request,
        form=form,
        template="participation/questionnaire/form.html",
        context=_context(
            request,
            body_obj,
            form=form,
            process=obj.process,
            questionnaire=obj,
            title=_("New section"),
        ),
        save=lambda: services.section_create(
            user=request.user,  # type: ignore[arg-type]
            questionnaire=obj,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
        ),
        success=_("The section has been added."),
        done=lambda _result: _detail(body, obj),
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(
    request: HttpRequest, body: str, questionnaire: UUID, section: UUID
) -> HttpResponse:
    body_obj, obj = _managed(request, body, questionnaire)
    section_obj = selectors.section_get(questionnaire=obj, public_id=section)
    form = SectionForm(_post(request), instance=section_obj)
    return _form_page(
        request,
        form=form,
        template="participation/questionnaire/form.html",
        context=_context(
            request,
            body_obj,
            form=form,
            process=obj.process,
            questionnaire=obj,
            title=_("Edit section"),
        ),
        save=lambda: services.section_update(
            user=request.user,  # type: ignore[arg-type]
            section=section_obj,
            expected_version=form.cleaned_data["version"],
            data=form.data_and_m2m()[0],
        ),
        success=_("The section has been saved."),
        done=lambda _result: _detail(body, obj),
    )


@login_required
@require_POST
def section_delete(
    request: HttpRequest, body: str, questionnaire: UUID, section: UUID
) -> HttpResponse:
    _body_obj, obj = _managed(request, body, questionnaire)
    section_obj = selectors.section_get(questionnaire=obj, public_id=section)
    return _action(
        request,
        body,
        obj,
        services.section_delete,
        _("The section has been removed."),
        section=section_obj,
    )


def _direction(request: HttpRequest) -> int:
    return -1 if request.POST.get("direction") == "up" else 1


@login_required
@require_POST
def section_move(
    request: HttpRequest, body: str, questionnaire: UUID, section: UUID
) -> HttpResponse:
    _body_obj, obj = _managed(request, body, questionnaire)
    section_obj = selectors.section_get(questionnaire=obj, public_id=section)
    return _action(
        request,
        body,
        obj,
        services.section_move,
        section=section_obj,
        direction=_direction(request),
    )


# --- questions ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    body_obj, obj = _managed(request, body, questionnaire)
    initial = {}
    if request.GET.get("section"):
        wanted = request.GET["section"]
        initial["section"] = next(
            (s for s in obj.sections.all() if str(s.public_id) == wanted), None
        )
    form = QuestionForm(_post(request), questionnaire=obj, initial=initial)
    return _form_page(
        request,
        form=form,
        template="participation/questionnaire/question_form.html",
        context=_context(
            request,
            body_obj,
            form=form,
            process=obj.process,
            questionnaire=obj,
            title=_("New question"),
        ),
        save=lambda: services.question_create(
            user=request.user,  # type: ignore[arg-type]
            questionnaire=obj,
            data=form.service_data(),
        ),
        success=_("The question has been added."),
        done=lambda _result: _detail(body, obj),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(
    request: HttpRequest, body: str, questionnaire: UUID, question: UUID
) -> HttpResponse:
    body_obj, obj = _managed(request, body, questionnaire)
    question_obj = selectors.question_get(questionnaire=obj, public_id=question)
    form = QuestionForm(_post(request), questionnaire=obj, instance=question_obj)
    return _form_page(
        request,
        form=form,
        template="participation/questionnaire/question_form.html",
        context=_context(
            request,
            body_obj,
            form=form,
            process=obj.process,
            questionnaire=obj,
            title=_("Edit question"),
        ),
        save=lambda: services.question_update(
            user=request.user,  # type: ignore[arg-type]
            question=question_obj,
            expected_version=form.cleaned_data["version"],
            data=form.service_data(),
        ),
        success=_("The question has been saved."),
        done=lambda _result: _detail(body, obj),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_delete(
    request: HttpRequest, body: str, questionnaire: UUID, question: UUID
) -> HttpResponse:
    body_obj, obj = _managed(request, body, questionnaire)
    question_obj = selectors.question_get(questionnaire=obj, public_id=question)
    if request.method == "POST":
        return _action(
            request,
            body,
            obj,
            services.question_delete,
            _("The question has been removed."),
            question=question_obj,
        )
    return render(
        request,
        "participation/questionnaire/question_delete.html",
        _context(
            request,
            body_obj,
            process=obj.process,
            questionnaire=obj,
            question=question_obj,
            answers=question_obj.answers.count(),
        ),
    )


@login_required
@require_POST
def question_move(
    request: HttpRequest, body: str, questionnaire: UUID, question: UUID
) -> HttpResponse:
    _body_obj, obj = _managed(request, body, questionnaire)
    question_obj = selectors.question_get(questionnaire=obj, public_id=question)
    return _action(
        request,
        body,
        obj,
        services.question_move,
        question=question_obj,
        direction=_direction(request),
    )


# --- preview ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_preview(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    """The form as the recipient sees it; a POST only checks the answers, nothing is saved."""
    body_obj, obj = _managed(request, body, questionnaire)
    questions = logic.ordered_questions(obj)
    rows = logic.matrix_rows(obj)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    checked_ok = False
    if request.method == "POST":
        raw = logic.read_form(questions, request.POST, rows)
        checked = logic.check(questions, raw, rows, final=True)
        values, errors, checked_ok = (
            logic.values_from_raw(questions, raw),
            checked.errors,
            checked.ok,
        )
    return render(
        request,
        "participation/questionnaire/preview.html",
        _context(
            request,
            body_obj,
            questionnaire=obj,
            process=obj.process,
            blocks=logic.form_blocks(questions, rows, values, errors),
            errors=errors,
            checked_ok=checked_ok,
            preview=True,
        ),
    )


# --- results ------------------------------------------------------------------------------


@login_required
@require_GET
def questionnaire_results(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    body_obj = _body(request, body)
    obj = selectors.questionnaire_get(user=request.user, body=body_obj, public_id=questionnaire)
    data = results.results_for(obj)
    for result in data.questions:
        result.chart = mark_safe(result.chart)  # noqa: S308 - our own SVG, texts escaped
    return render(
        request,
        "participation/questionnaire/results.html",
        _context(request, body_obj, questionnaire=obj, process=obj.process, results=data),
    )


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


def _export_name(questionnaire: Questionnaire, suffix: str) -> str:
    return f"fragebogen-{str(questionnaire.public_id)[:8]}-{suffix}"


@login_required
@require_GET
def questionnaire_csv(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    _body_obj, obj = _managed(request, body, questionnaire)
    return _download(
        results.answers_csv(obj),
        content_type="text/csv; charset=utf-8",
        filename=_export_name(obj, "antworten.csv"),
    )


@login_required
@require_GET
def questionnaire_summary_csv(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    body_obj = _body(request, body)
    obj = selectors.questionnaire_get(user=request.user, body=body_obj, public_id=questionnaire)
    return _download(
        results.summary_csv(results.results_for(obj, charts=False)),
        content_type="text/csv; charset=utf-8",
        filename=_export_name(obj, "auswertung.csv"),
    )


@login_required
@require_GET
def questionnaire_xlsx(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    _body_obj, obj = _managed(request, body, questionnaire)
    return _download(
        results.answers_xlsx(obj),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=_export_name(obj, "antworten.xlsx"),
    )
