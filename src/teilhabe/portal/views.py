"""The public site: every body's concept in force, without logging in."""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from teilhabe.concepts import selectors as concept_selectors
from teilhabe.concepts.models import Edition
from teilhabe.core import selectors as core_selectors
from teilhabe.core.views import body_context


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    in_force = Edition.objects.filter(status=Edition.Status.IN_FORCE)
    bodies = core_selectors.body_list_public().prefetch_related(
        Prefetch("concept__editions", queryset=in_force, to_attr="editions_in_force")
    )
    return render(request, "portal/index.html", {"bodies": bodies})


def _public_editions(body: object) -> object:
    # The public pages show what the public may read, also to signed-in members.
    return concept_selectors.editions_for_user(user=AnonymousUser(), body=body)  # type: ignore[arg-type]


@require_GET
def body_page(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    edition = concept_selectors.edition_in_force(body=body_obj)
    return render(
        request,
        "portal/body.html",
        body_context(request, body_obj)
        | {
            "concept": concept_selectors.concept_of(body_obj),
            "edition": edition,
            "tree": concept_selectors.edition_tree(edition) if edition else None,
            "editions": _public_editions(body_obj),
        },
    )


@require_GET
def edition_page(request: HttpRequest, body: str, edition: UUID) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    edition_obj = concept_selectors.edition_get_for_user(
        user=AnonymousUser(), body=body_obj, public_id=edition
    )
    return render(
        request,
        "portal/body.html",
        body_context(request, body_obj)
        | {
            "concept": concept_selectors.concept_of(body_obj),
            "edition": edition_obj,
            "tree": concept_selectors.edition_tree(edition_obj),
            "editions": _public_editions(body_obj),
        },
    )


# --- council papers (only public ones, also for signed-in members) ----------------------


@require_GET
def paper_list(request: HttpRequest, body: str) -> HttpResponse:
    from teilhabe.council import selectors as council_selectors

    body_obj = core_selectors.body_get_public(slug=body)
    filters = council_selectors.PaperFilter(
        q=request.GET.get("q", "").strip(), year=request.GET.get("year", "").strip()
    )
    return render(
        request,
        "portal/paper_list.html",
        body_context(request, body_obj)
        | {
            "papers": council_selectors.paper_list(
                user=AnonymousUser(), body=body_obj, filters=filters
            ),
            "filters": filters,
            "years": council_selectors.paper_years(user=AnonymousUser(), body=body_obj),
        },
    )


@require_GET
def paper_page(request: HttpRequest, body: str, paper: UUID) -> HttpResponse:
    from teilhabe.council import selectors as council_selectors

    body_obj = core_selectors.body_get_public(slug=body)
    paper_obj = council_selectors.paper_get_for_user(
        user=AnonymousUser(), body=body_obj, public_id=paper
    )
    edition = paper_obj.edition
    return render(
        request,
        "portal/paper.html",
        body_context(request, body_obj)
        | {
            "paper": paper_obj,
            "steps": list(paper_obj.consultations.all()),
            "files": list(paper_obj.files.select_related("edition")),
            "public_edition": edition
            if edition is not None and edition.status in Edition.PUBLIC_STATUSES
            else None,
            "public_statuses": list(Edition.PUBLIC_STATUSES),
        },
    )
