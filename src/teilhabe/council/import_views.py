"""Import of existing Vorlagen: paste or upload, review next to the source, save."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from teilhabe.core.models import Body

from . import importing
from .forms import (
    IMPORT_PAPER_FIELDS,
    ImportStepFormSet,
    PaperImportForm,
    PaperImportSourceForm,
    pack_source,
    unpack_source,
)
from .parsing import ParsedPaper, parse_vorlage
from .views import add_service_errors, context_of, coordinator_body, paper_url

#: Where a review field's value came from: keys of ``ParsedPaper.spans`` (a key ending in
#: "." stands for all its items, e.g. every account).
IMPORT_SPANS = {
    "reference": ["reference"],
    "title": ["title"],
    "paper_type": ["paper_type"],
    "date": ["date"],
    "public": ["status"],
    "lead_department": ["lead_department"],
    "clerk": ["clerk"],
    "file_number": ["file_number"],
    "decision_proposal": ["decision_proposal"],
    "facts": ["facts"],
    "financial_amount": ["costs_eur"],
    "in_budget": ["in_budget"],
    "accounts": ["accounts."],
    "financial_text": ["financial_text", "amounts_eur."],
    "personnel_text": ["personnel_text"],
    "qualified_majority": ["qualified_majority"],
    "climate_text": ["climate_text"],
    "attachments": ["attachments", "attachments."],
}
#: Characters of context shown around a span (at most up to the line's ends).
EXCERPT_CONTEXT = 60


def spans_of(parsed: ParsedPaper, name: str) -> list[tuple[int, int]]:
    keys = list(IMPORT_SPANS.get(name, []))
    if name.startswith("relevance_"):
        keys += [
            key
            for key in parsed.spans
            if key.startswith("relevance_checks.")
            and importing.relevance_field(key.removeprefix("relevance_checks.")) == name
        ]
    found: list[tuple[int, int]] = []
    for key in keys:
        if key.endswith("."):
            found += [s for k, v in parsed.spans.items() if k.startswith(key) for s in v]
        else:
            found += parsed.spans.get(key, [])
    return sorted(set(found))


def excerpt(source: str, spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """The source around ``spans``, as segments; ``mark`` for the text a value came from.
    Separate passages are joined by a "…" segment."""
    if not spans:
        return []
    windows: list[list[int]] = []
    for start, end in sorted(spans):
        line_start = source.rfind("\n", 0, start) + 1
        line_end = source.find("\n", end)
        line_end = len(source) if line_end == -1 else line_end
        window = [max(line_start, start - EXCERPT_CONTEXT), min(line_end, end + EXCERPT_CONTEXT)]
        if windows and window[0] <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], window[1])
        else:
            windows.append(window)
    marks = sorted(spans)
    segments: list[dict[str, Any]] = []
    for index, (w_start, w_end) in enumerate(windows):
        if index:
            segments.append({"text": "\n…\n", "mark": False, "gap": True})
        position = w_start
        for start, end in marks:
            start, end = max(start, position), min(end, w_end)
            if start >= end:
                continue
            if start > position:
                segments.append({"text": source[position:start], "mark": False})
            segments.append({"text": source[start:end], "mark": True})
            position = end
        if position < w_end:
            segments.append({"text": source[position:w_end], "mark": False})
    return segments


def review_initial(parsed: ParsedPaper, text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    values = importing.import_values(parsed)
    initial = {name: values[name] for name in IMPORT_PAPER_FIELDS}
    initial["attachments"] = "\n".join(values["attachments"])
    initial["source"] = pack_source(text)
    steps = [
        {"committee": row["committee"], "date": row["date"], "role": row["role"], "source": i}
        for i, row in enumerate(values["consultations"])
    ]
    return initial, steps


def stated_outcome(parsed: ParsedPaper, source: Any) -> str:
    """What the text says about a step's result and vote, for the review page."""
    if not isinstance(source, int) or not 0 <= source < len(parsed.consultations):
        return ""
    stated = parsed.consultations[source]
    parts = [stated.result or ""]
    if stated.votes:
        parts.append(importing.vote_summary(stated.votes))
    return "; ".join(p for p in parts if p)


def review_page(
    request: HttpRequest,
    body: Body,
    text: str,
    parsed: ParsedPaper,
    form: PaperImportForm,
    steps: Any,
) -> HttpResponse:
    rows = [
        {"field": form[name], "excerpt": excerpt(text, spans_of(parsed, name))}
        for name in IMPORT_PAPER_FIELDS
    ]
    step_rows = []
    for index, step_form in enumerate(steps.forms):
        source = step_form["source"].value()
        try:
            source = int(source) if source not in (None, "") else None
        except (TypeError, ValueError):
            source = None
        step_rows.append(
            {
                "form": step_form,
                "number": index + 1,
                "stated": stated_outcome(parsed, source),
                "excerpt": excerpt(text, parsed.spans.get(f"consultations.{source}", []))
                if source is not None
                else [],
            }
        )
    corrections = [
        {
            "line": text.count("\n", 0, c.start) + 1,
            "original": c.original,
            "replacement": c.replacement,
        }
        for c in parsed.corrections
    ]
    return render(
        request,
        "council/paper_import_review.html",
        context_of(request, body, "papers")
        | {
            "form": form,
            "steps": steps,
            "rows": rows,
            "step_rows": step_rows,
            "steps_header": excerpt(text, parsed.spans.get("consultations", [])),
            "parsed": parsed,
            "votes": importing.vote_summary(parsed.votes) if parsed.votes else "",
            "votes_excerpt": excerpt(text, parsed.spans.get("votes", [])),
            "corrections": corrections,
            "not_a_vorlage": not parsed.spans,
            "source_text": text,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_import(request: HttpRequest, body: str) -> HttpResponse:
    """Import step 1: paste a Vorlage or upload it as text; a valid text goes to the review."""
    body_obj = coordinator_body(request, body)
    if request.method == "POST":
        form = PaperImportSourceForm(request.POST, request.FILES)
    else:
        form = PaperImportSourceForm()
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["source"]
        parsed = parse_vorlage(text)
        initial, steps = review_initial(parsed, text)
        return review_page(
            request,
            body_obj,
            text,
            parsed,
            PaperImportForm(initial=initial),
            ImportStepFormSet(prefix="steps", initial=steps),
        )
    return render(
        request,
        "council/paper_import.html",
        context_of(request, body_obj, "papers") | {"form": form},
    )


@login_required
@require_POST
def paper_import_save(request: HttpRequest, body: str) -> HttpResponse:
    """Import step 2: save the reviewed fields as a paper (the text is parsed again)."""
    body_obj = coordinator_body(request, body)
    form = PaperImportForm(request.POST)
    steps = ImportStepFormSet(request.POST, prefix="steps")
    try:
        text = unpack_source(request.POST.get("source", ""))
    except ValueError:
        messages.error(
            request, _("The pasted text has been lost on the way. Please paste it again.")
        )
        return redirect("council:paper_import", body=body)
    parsed = parse_vorlage(text)
    if form.is_valid() and steps.is_valid():
        consultations = [
            {
                "committee": row["committee"],
                "date": row["date"],
                "role": row["role"],
                "source": row["source"],
            }
            for row in steps.cleaned_data
            if row and (row.get("committee") or "").strip()
        ]
        try:
            paper_obj = importing.paper_import(
                user=request.user,  # type: ignore[arg-type]
                body=body_obj,
                parsed=parsed,
                source_text=text,
                overrides=form.overrides() | {"consultations": consultations},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The Vorlage has been imported."))
            if paper_obj.unrecognised_text:
                messages.info(
                    request,
                    _(
                        "Text that was not recognised is kept with the paper, at the end of the page."
                    ),
                )
            return redirect(paper_url(paper_obj))
    return review_page(request, body_obj, text, parsed, form, steps)
