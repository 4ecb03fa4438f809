"""The comparison of an edition with an earlier one (by default its predecessor).

The same view serves members (drafts included) and, with ``public=True``, the public site,
which shows adopted editions only whoever asks: the selectors decide what may be read.
"""

from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from teilhabe.core import selectors as core_selectors
from teilhabe.core.views import body_context

from .. import selectors
from ..diff import EditionDiff, edition_diff
from ..models import Edition, Principle, Section


def page_blocks(diff: EditionDiff) -> list[dict[str, Any]]:
    """One ``<section>`` each: principles, chapters, then every field of action.

    ``header`` is the item the heading stands for (a field), ``groups`` the lists below it.
    """
    blocks: list[dict[str, Any]] = [
        {"heading": str(model._meta.verbose_name_plural), "header": None, "groups": [("", items)]}
        for model, items in ((Principle, diff.principles), (Section, diff.sections))
        if items
    ]
    blocks += [
        {"heading": f.item_diff.title, "header": f.item_diff, "groups": f.groups}
        for f in diff.fields
    ]
    return blocks


@require_GET
def edition_diff_view(
    request: HttpRequest, body: str, edition: UUID, public: bool = False
) -> HttpResponse:
    body_obj = core_selectors.body_get_public(slug=body)
    reader = AnonymousUser() if public else request.user
    new = selectors.edition_get_for_user(user=reader, body=body_obj, public_id=edition)
    readable = list(selectors.editions_for_user(user=reader, body=body_obj))
    others = [e for e in readable if e.pk != new.pk]

    from_id = request.GET.get("from", "").strip()
    old: Edition | None = None
    if from_id:
        try:
            UUID(from_id)
        except ValueError as exc:  # the selector expects a well-formed id
            raise Http404 from exc
        old = selectors.edition_get_for_user(user=reader, body=body_obj, public_id=from_id)
    elif new.predecessor_id is not None:
        old = next((e for e in readable if e.pk == new.predecessor_id), None)
        if old is None:  # a predecessor the user may not read
            raise Http404
    show_all = request.GET.get("all") == "1"

    diff = None
    if old is not None:
        diff = edition_diff(old, new)
        if not show_all:
            diff = diff.without_unchanged()
    context = body_context(request, body_obj, "editions") | {
        "edition": new,
        "old_edition": old,
        "diff": diff,
        "blocks": page_blocks(diff) if diff is not None else [],
        "other_editions": others,
        "show_all": show_all,
    }
    return render(request, "concepts/edition_diff.html", context)
