"""The OParl 1.1 endpoints: System, Body list, external lists, objects and files.

Stateless (spec 2.3): nothing here reads the session, the signed-in user or a cookie; every
read is the anonymous public's read. Every response, errors and files included, carries
``Access-Control-Allow-Origin: *``. Errors are OParl Error objects with a German message.
"""

import json
import math
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import Max, Min, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from teilhabe.core.models import Body
from teilhabe.council.models import Organization
from teilhabe.documents import views as documents_views

from . import queries, serializers
from .filters import FilterError, ListParams, date_lookups, parse_list_params
from .queries import KINDS, Kind
from .serializers import Context

ERROR_TYPE = "https://schema.oparl.org/1.1/Error"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"

View = Callable[..., HttpResponseBase]


class OParlError(Exception):
    def __init__(self, status: int, message: str, debug: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.debug = debug


def json_response(data: dict[str, Any], status: int = 200) -> HttpResponse:
    """UTF-8 JSON without BOM and without ``\\u`` escapes for umlauts."""
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def error_response(status: int, message: str, debug: str = "") -> HttpResponse:
    data = {"type": ERROR_TYPE, "message": message}
    if debug:
        data["debug"] = debug
    return json_response(data, status=status)


def oparl_view(view: View) -> View:
    """GET/HEAD only, errors as OParl Error objects, the CORS header on everything."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif request.method not in ("GET", "HEAD"):
            response = error_response(
                405,
                "Diese Schnittstelle kann nur gelesen werden (GET).",
                f"method {request.method} not allowed",
            )
            response["Allow"] = ALLOWED_METHODS
        else:
            try:
                response = view(request, *args, **kwargs)
            except FilterError as exc:
                response = error_response(400, exc.message, exc.debug)
            except OParlError as exc:
                response = error_response(exc.status, exc.message, exc.debug)
            except Http404:
                response = error_response(
                    404, "Das angefragte Objekt gibt es nicht.", f"no object at {request.path}"
                )
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        # The language cookie of the web site must not change an API answer.
        response["Content-Language"] = "de"
        return response

    return wrapper


def _context(request: HttpRequest, omit_internal: bool = False) -> Context:
    return Context(request=request, omit_internal=omit_internal)


def _serialize(kind: Kind, obj: Any, ctx: Context) -> dict[str, Any]:
    if obj.oparl_deleted:
        return serializers.tombstone(obj, kind.type_name, kind.name, ctx)
    result: dict[str, Any] = serializers.SERIALIZERS[kind.name](obj, ctx)
    return result


def object_list(
    request: HttpRequest, kind: Kind, queryset: QuerySet[Any], params: ListParams
) -> HttpResponse:
    """An external list page (spec 2.5): data, pagination, links; stable order by creation."""
    queryset = queryset.filter(**date_lookups(params))
    if not params.tombstones:
        queryset = queryset.filter(kind.alive)
    queryset = queryset.order_by("created", "id")
    total = queryset.count()
    pages = max(1, math.ceil(total / params.limit))
    if params.page > pages:
        raise OParlError(
            404,
            "Diese Seite der Liste gibt es nicht.",
            f"page {params.page} of {pages}",
        )
    start = (params.page - 1) * params.limit
    rows = list(queryset[start : start + params.limit])
    ctx = _context(request, omit_internal=params.omit_internal)
    base = request.build_absolute_uri(request.path)

    def link(page: int) -> str:
        query = params.query(page)
        return f"{base}?{query}" if query else base

    links = {"first": link(1)}
    if params.page > 1:
        links["prev"] = link(params.page - 1)
    if params.page < pages:
        links["next"] = link(params.page + 1)
    links |= {"self": link(params.page), "last": link(pages)}
    return json_response(
        {
            "data": [_serialize(kind, row, ctx) for row in rows],
            "pagination": {
                "totalElements": total,
                "elementsPerPage": params.limit,
                "currentPage": params.page,
                "totalPages": pages,
            },
            "links": links,
        }
    )


def _live_body(public_id: uuid.UUID) -> Body:
    body = Body.objects.filter(public_id=public_id).first()
    if body is None:
        raise Http404
    return body


# --- endpoints ------------------------------------------------------------------------------


@oparl_view
def system(request: HttpRequest) -> HttpResponse:
    stamps = queries.bodies().aggregate(created=Min("created"), modified=Max("oparl_modified"))
    bodies = Body.all_objects.aggregate(created=Min("created"))
    created = bodies["created"] or stamps["created"]
    if created is None:  # no body yet: the system exists as of now
        created = timezone.now()
    return json_response(
        serializers.system(
            _context(request), created=created, modified=stamps["modified"] or created
        )
    )


@oparl_view
def body_list(request: HttpRequest) -> HttpResponse:
    kind = KINDS["body"]
    return object_list(request, kind, kind.queryset(), parse_list_params(request.GET))


def body_scoped_list(kind: Kind) -> View:
    @oparl_view
    def view(request: HttpRequest, body: uuid.UUID) -> HttpResponse:
        params = parse_list_params(request.GET)
        return object_list(request, kind, kind.for_body(_live_body(body)), params)

    view.__name__ = f"{kind.name}_list"
    return view


def _live_organization(public_id: uuid.UUID) -> Organization:
    organization = (
        Organization.objects.filter(public_id=public_id, body__is_deleted=False)
        .select_related("body")
        .first()
    )
    if organization is None:
        raise Http404
    return organization


@oparl_view
def organization_meetings(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    params = parse_list_params(request.GET)
    organization = _live_organization(pk)
    kind = KINDS["meeting"]
    queryset = kind.for_body(organization.body).filter(organization=organization)
    return object_list(request, kind, queryset, params)


@oparl_view
def organization_consultations(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    params = parse_list_params(request.GET)
    organization = _live_organization(pk)
    kind = KINDS["consultation"]
    queryset = kind.for_body(organization.body).filter(organization=organization)
    return object_list(request, kind, queryset, params)


def object_detail(kind: Kind) -> View:
    """One object at its own URL; a deleted one as a tombstone with HTTP 200."""

    @oparl_view
    def view(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        obj = kind.queryset().filter(public_id=pk).first()
        if obj is None:
            raise Http404
        return json_response(_serialize(kind, obj, _context(request)))

    view.__name__ = kind.name
    return view


def _file_response(request: HttpRequest, pk: uuid.UUID, *, download: bool) -> HttpResponseBase:
    file = queries.files().filter(public_id=pk).first()
    if file is None:
        raise Http404
    if getattr(file, "oparl_deleted", False):
        raise OParlError(410, "Die Datei wurde gelöscht.", f"file {pk} is deleted")
    if not file.content and file.edition_id is not None:
        # A concept edition as attachment: the documents app renders it (public rights only).
        view = (
            documents_views.public_file_download if download else documents_views.public_file_access
        )
        return view(request, body=file.body.slug, file=file.public_id)
    if not file.content:
        raise OParlError(
            404,
            "Die Datei wird hier nicht bereitgestellt.",
            f"file {pk} has no stored content (rendered documents are served elsewhere)",
        )
    filename = file.file_name or file.content.name.rsplit("/", 1)[-1]
    response = FileResponse(
        file.content.open("rb"),
        as_attachment=download,
        filename=filename,
        content_type=file.mime_type or None,
    )
    return response


@oparl_view
def file_access(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    """The file itself, never as an attachment (spec 2.7)."""
    return _file_response(request, pk, download=False)


@oparl_view
def file_download(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    """The file with ``Content-Disposition: attachment; filename=…`` (spec 2.7)."""
    return _file_response(request, pk, download=True)


@oparl_view
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown URLs under the API; a non-canonical spelling of a known URL is redirected."""
    path = request.path
    canonical = path.lower()
    if canonical.endswith("/") and canonical.count("/") > 3:
        canonical = canonical.rstrip("/")
    if canonical != path:
        try:
            match = resolve(canonical)
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not_found":
            query = request.META.get("QUERY_STRING", "")
            response = HttpResponse(status=301)
            response["Location"] = f"{canonical}?{query}" if query else canonical
            return response
    raise Http404
