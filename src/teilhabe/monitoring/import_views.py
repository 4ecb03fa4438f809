"""The import of statistics files in the browser: upload → preview → import.

The preview is a dry run; the uploaded file waits on the server (``PendingUpload``) until
the coordinator confirms. The confirmation works without JavaScript (a POST that imports
and redirects); with JavaScript the page posts to :func:`stats_import_run` instead and shows
the progress it streams (``static/teilhabe/js/monitoring-import.js``). Both import everything
or nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from teilhabe.core.models import User

from . import selectors, services
from .forms import UploadForm
from .views import _context, _coordinator_body


def _imported_message(result: services.ImportResult) -> str:
    return _("Imported: %(new)d new values, %(revised)d revised, %(unchanged)d unchanged.") % {
        "new": result.new,
        "revised": result.revised,
        "unchanged": result.unchanged,
    }


@login_required
@require_http_methods(["GET", "POST"])
def stats_upload(request: HttpRequest, body: str) -> HttpResponse:
    """Upload → preview (nothing saved) → confirm (all values or none)."""
    body_obj = _coordinator_body(request, body)
    user: User = request.user  # type: ignore[assignment]
    context = _context(request, body_obj)
    if request.method == "POST" and "upload" in request.POST:
        upload = selectors.pending_upload_get(
            user=user, body=body_obj, public_id=request.POST["upload"]
        )
        try:
            imported = services.upload_import(user=user, upload=upload)
        except ValidationError as error:
            return render(
                request,
                "monitoring/import.html",
                context | {"form": UploadForm(), "errors": error.messages},
            )
        messages.success(request, _imported_message(imported))
        return redirect("monitoring:index", body=body)
    form = UploadForm(request.POST or None, request.FILES or None)
    result: services.ImportResult | None = None
    errors: list[str] = []
    upload_id = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        mapping = form.mapping()
        try:
            result = services.stats_import(
                user=user,
                body=body_obj,
                data=raw,
                filename=upload.name,
                mapping=mapping,
                dry_run=True,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            stashed = services.upload_stash(
                user=user, body=body_obj, data=raw, filename=upload.name, mapping=mapping
            )
            upload_id = str(stashed.public_id)
    return render(
        request,
        "monitoring/import.html",
        context
        | {
            "form": form,
            "result": result,
            "upload_id": upload_id,
            "filename": getattr(form.cleaned_data.get("file"), "name", "") if result else "",
            "errors": errors,
        },
    )


@login_required
@require_POST
def stats_import_run(request: HttpRequest, body: str) -> StreamingHttpResponse:
    """The confirmed import as a stream of JSON lines with its progress (for the page's
    script): ``{"phase": "read"|"check"|"write"|"derive", "done": n, "total": m}`` …, then
    ``{"phase": "done", …, "redirect": url}`` or ``{"phase": "error", "errors": [...]}``.
    Everything or nothing: an error or a closed page rolls the import back."""
    body_obj = _coordinator_body(request, body)
    user: User = request.user  # type: ignore[assignment]
    upload = selectors.pending_upload_get(
        user=user, body=body_obj, public_id=request.POST.get("upload", "")
    )
    language = translation.get_language()
    done_url = reverse("monitoring:index", kwargs={"body": body_obj.slug})

    def lines() -> Iterator[str]:
        with translation.override(language):
            for event in services.import_events(user=user, upload=upload):
                if event["phase"] == "done":
                    event["redirect"] = done_url
                    event["message"] = _(
                        "Imported: %(new)d new values, %(revised)d revised, "
                        "%(unchanged)d unchanged."
                    ) % {k: event[k] for k in ("new", "revised", "unchanged")}
                yield json.dumps(event, ensure_ascii=False) + "\n"

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass every line on at once
    return response
