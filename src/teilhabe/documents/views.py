"""Downloads of the documents, for members (``/app/<body>/documents/``) and the public
(``/<body>/documents/``), and the council files (OParl accessUrl and downloadUrl).

Access is the selectors' decision: a member route reads what the signed-in user may read,
a public route what the public may read, whoever asks. A draft edition or a non-public
paper is a 404 for the public, as if it did not exist.
"""

import mimetypes
from typing import Any
from urllib.parse import quote
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.http import require_safe

from teilhabe.concepts import selectors as concept_selectors
from teilhabe.concepts.models import Edition
from teilhabe.core import selectors as core_selectors
from teilhabe.core.models import Body
from teilhabe.core.selectors import AnyUser
from teilhabe.council import selectors as council_selectors
from teilhabe.council.models import File

from .builders import (
    CONCEPT_FORMATS,
    CONTENT_TYPES,
    PAPER_FORMATS,
    edition_filename,
    paper_filename,
)
from .common import ascii_filename

#: Uploaded files of these types may be shown in the browser; others are sandboxed.
INLINE_SAFE = {"application/pdf", "text/plain", "image/png", "image/jpeg", "image/gif"}


def content_disposition(kind: str, filename: str) -> str:
    """``attachment; filename="…"`` (ASCII) plus ``filename*`` (RFC 6266) for umlauts."""
    fallback = ascii_filename(filename)
    value = f'{kind}; filename="{fallback}"'
    if fallback != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return value


def document_response(
    content: bytes, *, fmt: str, filename: str, attachment: bool = True, private: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(
        "attachment" if attachment else "inline", filename
    )
    response["Content-Length"] = str(len(content))
    if private:
        response["Cache-Control"] = "private, no-cache"
    return response


def _public() -> AnyUser:
    return AnonymousUser()


def _user_and_body(request: HttpRequest, body: str, *, public: bool) -> tuple[AnyUser, Body]:
    if public:
        return _public(), core_selectors.body_get_public(slug=body)
    return request.user, core_selectors.body_get_for_member(user=request.user, slug=body)


def _edition_document(
    request: HttpRequest, body: str, edition: UUID, fmt: str, *, public: bool
) -> HttpResponse:
    builder = CONCEPT_FORMATS.get(fmt)
    if builder is None:
        raise Http404
    user, body_obj = _user_and_body(request, body, public=public)
    edition_obj = concept_selectors.edition_get_for_user(
        user=user, body=body_obj, public_id=edition
    )
    return document_response(
        builder(edition_obj),
        fmt=fmt,
        filename=edition_filename(edition_obj, fmt),
        private=not public,
    )


def _paper_document(
    request: HttpRequest, body: str, paper: UUID, fmt: str, *, public: bool
) -> HttpResponse:
    builder = PAPER_FORMATS.get(fmt)
    if builder is None:
        raise Http404
    user, body_obj = _user_and_body(request, body, public=public)
    paper_obj = council_selectors.paper_get_for_user(user=user, body=body_obj, public_id=paper)
    return document_response(
        builder(paper_obj), fmt=fmt, filename=paper_filename(paper_obj, fmt), private=not public
    )


def _file_get(*, user: AnyUser, body: Body, public_id: Any) -> File:
    try:
        return council_selectors.files_for_user(user=user, body=body).get(public_id=public_id)
    except (File.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def _edition_format(file: File) -> str:
    """The format a file standing for a concept edition is rendered in (PDF by default)."""
    extension = file.file_name.rsplit(".", 1)[-1].lower() if "." in file.file_name else ""
    if extension in CONCEPT_FORMATS:
        return extension
    for fmt, mime in CONTENT_TYPES.items():
        if file.mime_type == mime:
            return fmt
    return "pdf"


def _file(
    request: HttpRequest, body: str, file: UUID, *, public: bool, download: bool
) -> HttpResponseBase:
    user, body_obj = _user_and_body(request, body, public=public)
    file_obj = _file_get(user=user, body=body_obj, public_id=file)
    kind = "attachment" if download else "inline"
    if file_obj.edition_id is not None:
        edition: Edition = concept_selectors.edition_get_for_user(
            user=user,
            body=body_obj,
            public_id=file_obj.edition.public_id,  # type: ignore[union-attr]
        )
        fmt = _edition_format(file_obj)
        filename = file_obj.file_name or edition_filename(edition, fmt)
        return document_response(
            CONCEPT_FORMATS[fmt](edition),
            fmt=fmt,
            filename=filename,
            attachment=download,
            private=not public,
        )
    filename = file_obj.file_name or file_obj.name or "datei"
    mime = file_obj.mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if file_obj.content:
        try:
            handle = file_obj.content.open("rb")
        except OSError as exc:  # the row outlived its stored file
            raise Http404 from exc
        response: HttpResponseBase = FileResponse(handle, content_type=mime)
    elif file_obj.text:
        mime = "text/plain; charset=utf-8"
        response = HttpResponse(file_obj.text, content_type=mime)
    else:
        raise Http404
    response["Content-Disposition"] = content_disposition(kind, filename)
    if mime.split(";")[0] not in INLINE_SAFE:
        # Uploaded HTML or SVG must not run as a page of this site.
        response["Content-Security-Policy"] = "sandbox"
    if not public:
        response["Cache-Control"] = "private, no-cache"
    return response


# --- member routes ----------------------------------------------------------------------


@login_required
@require_safe
def edition_document(request: HttpRequest, body: str, edition: UUID, fmt: str) -> HttpResponse:
    return _edition_document(request, body, edition, fmt, public=False)


@login_required
@require_safe
def paper_document(request: HttpRequest, body: str, paper: UUID, fmt: str) -> HttpResponse:
    return _paper_document(request, body, paper, fmt, public=False)


@login_required
@require_safe
def file_access(request: HttpRequest, body: str, file: UUID) -> HttpResponseBase:
    return _file(request, body, file, public=False, download=False)


@login_required
@require_safe
def file_download(request: HttpRequest, body: str, file: UUID) -> HttpResponseBase:
    return _file(request, body, file, public=False, download=True)


# --- public routes ----------------------------------------------------------------------


@require_safe
def public_edition_document(
    request: HttpRequest, body: str, edition: UUID, fmt: str
) -> HttpResponse:
    return _edition_document(request, body, edition, fmt, public=True)


@require_safe
def public_paper_document(request: HttpRequest, body: str, paper: UUID, fmt: str) -> HttpResponse:
    return _paper_document(request, body, paper, fmt, public=True)


@require_safe
def public_file_access(request: HttpRequest, body: str, file: UUID) -> HttpResponseBase:
    """OParl ``accessUrl``: shown in the browser, never sent as an attachment."""
    return _file(request, body, file, public=True, download=False)


@require_safe
def public_file_download(request: HttpRequest, body: str, file: UUID) -> HttpResponseBase:
    """OParl ``downloadUrl``: always ``Content-Disposition: attachment``."""
    return _file(request, body, file, public=True, download=True)
