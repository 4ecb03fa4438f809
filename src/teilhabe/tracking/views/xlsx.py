"""Excel round trip: download the measure list, upload it edited, preview, confirm."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from teilhabe.concepts.selectors import edition_in_force
from teilhabe.core.models import User

from .. import xlsx
from .common import context_of, coordinator_body, member_body


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Edited measure list (.xlsx)"),
        help_text=gettext_lazy(
            "The file downloaded here, edited in Excel or LibreOffice. Columns Key, Status, "
            "Progress (%), Report date and Report are read; a changed row without a new report "
            "date gets today's date."
        ),
    )


@login_required
@require_GET
def xlsx_export(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = member_body(request, body)
    edition = edition_in_force(body=body_obj)
    if edition is None:
        raise Http404
    data = xlsx.workbook_export(edition, today=timezone.localdate())
    response = HttpResponse(data, content_type=xlsx.CONTENT_TYPE)
    name = f"massnahmen-{body_obj.slug}-{slugify(edition.label) or 'stand'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def xlsx_import(request: HttpRequest, body: str) -> HttpResponse:
    """Upload → preview (nothing saved) → confirm (every change or none)."""
    body_obj = coordinator_body(request, body)
    user = request.user
    assert isinstance(user, User)
    context = context_of(request, body_obj, "surveys")
    edition = edition_in_force(body=body_obj)
    context["edition"] = edition
    errors: list[str] = []
    if request.method == "POST" and "payload" in request.POST and edition is not None:
        try:
            plan = xlsx.plan_load(request.POST["payload"], body=body_obj, user=user)
            updates = xlsx.xlsx_apply(user=user, edition=edition, plan=plan)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Imported: %(n)d measures updated, %(same)d unchanged.")
                % {"n": len(updates), "same": plan.unchanged},
            )
            return redirect("tracking:xlsx_import", body=body)
        return render(
            request, "tracking/xlsx_import.html", context | {"form": UploadForm(), "errors": errors}
        )
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and edition is not None and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > xlsx.MAX_BYTES:
            errors = [_("The file is larger than %(mb)s MB.") % {"mb": xlsx.MAX_BYTES >> 20}]
        else:
            try:
                plan = xlsx.xlsx_parse(edition=edition, data=upload.read(), filename=upload.name)
            except ValidationError as error:
                errors = error.messages
            else:
                return render(
                    request,
                    "tracking/xlsx_preview.html",
                    context
                    | {
                        "plan": plan,
                        "payload": xlsx.plan_sign(plan, body=body_obj, user=user),
                    },
                )
    return render(request, "tracking/xlsx_import.html", context | {"form": form, "errors": errors})
