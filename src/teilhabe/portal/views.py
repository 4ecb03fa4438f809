"""The public site: every body's concept in force, without logging in."""

from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from teilhabe.concepts import selectors as concept_selectors
from teilhabe.concepts.models import Edition
from teilhabe.core import selectors as core_selectors
from teilhabe.core.views import body_context
from teilhabe.monitoring import services as monitoring_services
from teilhabe.participation import selectors as participation_selectors
from teilhabe.participation.models import Channel

#: The indicator the monitoring page shows first when no target names one.
DEFAULT_INDICATOR = "foreigners_share"


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


def _origins(
    request: HttpRequest, edition: Edition | None, tree: concept_selectors.EditionTree | None
) -> dict[str, Any]:
    """Where the measures came from (participation channels), and the channel whose measures
    are highlighted (``?channel=``), as the seed concept prints the KMV's items in bold.
    Sets ``origin_labels`` and ``highlighted`` on the tree's measures."""
    origins = participation_selectors.public_channels_of_measures(edition) if edition else {}
    present = {c for found in origins.values() for c in found}
    channel = request.GET.get("channel", "")
    channel = channel if channel in present else ""
    for node in tree.fields if tree else []:
        for measure in node.measures:
            found = origins.get(measure.pk, [])
            measure.origin_labels = [Channel(c).label for c in found]  # type: ignore[attr-defined]
            measure.highlighted = bool(channel) and channel in found  # type: ignore[attr-defined]
    return {
        "channels": [(c.value, c.label) for c in Channel if c.value in present],
        "channel": channel,
    }


@require_GET
def body_page(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    edition = concept_selectors.edition_in_force(body=body_obj)
    tree = concept_selectors.edition_tree(edition) if edition else None
    return render(
        request,
        "portal/body.html",
        body_context(request, body_obj)
        | {
            "concept": concept_selectors.concept_of(body_obj),
            "edition": edition,
            "tree": tree,
            "editions": _public_editions(body_obj),
        }
        | _origins(request, edition, tree),
    )


@require_GET
def edition_page(request: HttpRequest, body: str, edition: UUID) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    edition_obj = concept_selectors.edition_get_for_user(
        user=AnonymousUser(), body=body_obj, public_id=edition
    )
    tree = concept_selectors.edition_tree(edition_obj)
    return render(
        request,
        "portal/body.html",
        body_context(request, body_obj)
        | {
            "concept": concept_selectors.concept_of(body_obj),
            "edition": edition_obj,
            "tree": tree,
            "editions": _public_editions(body_obj),
        }
        | _origins(request, edition_obj, tree),
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


# --- integration monitoring (public data only: the catalogue and shared indicators) -----


@require_GET
def monitoring_page(request: HttpRequest, body: str) -> HttpResponse:
    """The body's public monitoring: latest values of the catalogue and its shared indicators,
    one indicator as chart + table + CSV, and the targets linked to the edition in force.
    Indicators a body does not share never appear here, not even for its members."""
    from teilhabe.monitoring import selectors as monitoring_selectors
    from teilhabe.monitoring import series

    body_obj = core_selectors.body_get_public(slug=body)
    territory = body_obj.territory
    public = monitoring_selectors.shared_indicators(body=body_obj)
    with_values = monitoring_selectors.indicators_with_values(
        indicators=public, territory=territory
    )
    latest = monitoring_selectors.comparison(indicators=with_values, territories=[territory])
    overview = [(i, latest.get((i.pk, territory.pk))) for i in with_values]
    edition = concept_selectors.edition_in_force(body=body_obj)
    targets = (
        monitoring_selectors.targets_public(
            body=body_obj, edition=edition, today=timezone.localdate()
        )
        if edition is not None
        else []
    )
    wanted = request.GET.get("indicator", "")
    chosen = next((i for i in with_values if i.code == wanted), None)
    if chosen is None and with_values:
        targeted = {s.target.indicator_id for s in targets}
        chosen = next((i for i in with_values if i.pk in targeted), None)
        chosen = chosen or next((i for i in with_values if i.code == DEFAULT_INDICATOR), None)
        chosen = chosen or with_values[0]
    table = None
    if chosen is not None:
        table = series.build(chosen, monitoring_selectors.seed_territories(body=body_obj))
    return render(
        request,
        "portal/monitoring.html",
        body_context(request, body_obj)
        | {
            "overview": overview,
            "chosen": chosen,
            "table": table,
            "chart": mark_safe(table.chart if table else ""),  # noqa: S308 - our own SVG
            "method": monitoring_services.method_text(chosen) if chosen else "",
            "edition": edition,
            "targets": targets,
        },
    )
