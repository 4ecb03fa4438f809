"""Helpers of the tracking tests (no fixtures of their own beyond the world's)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from teilhabe.concepts import services as concept_services
from teilhabe.concepts.models import FieldOfAction, Measure
from teilhabe.tracking.models import StatusOption


def status(body: Any, code: str) -> StatusOption:
    return StatusOption.objects.get(body=body, code=code)


def url(world: Any, name: str, **kwargs: Any) -> str:
    return reverse(f"tracking:{name}", kwargs={"body": world.a.body.slug, **kwargs})


def add_measure(
    world: Any,
    title: str,
    *,
    field: FieldOfAction | None = None,
    m2m: dict[str, Any] | None = None,
    **data: Any,
) -> Measure:
    """A further measure in A's edition in force."""
    a = world.a
    measure: Measure = concept_services.item_create(
        user=world.users["coordinator_a"],
        model=Measure,
        edition=a.in_force,
        data={"field": field or a.items["field"], "title": title, **data},
        m2m=m2m,
    )
    return measure


def make_contact(world: Any) -> None:
    """contributor_a becomes a contact of A's lead actor (may report on its measures)."""
    world.a.actor.contacts.add(world.users["contributor_a"])


def fresh(measure: Measure) -> Measure:
    """The measure as the database has it (the world's objects hold their edition as it was
    when they were created, i.e. a draft)."""
    return Measure.objects.select_related("edition__concept__body").get(pk=measure.pk)


def link(survey: Any, actor: Any, **data: Any) -> Any:
    from teilhabe.core.tokens import token_new
    from teilhabe.tracking.models import SurveyLink

    expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    return SurveyLink.objects.create(
        survey=survey, actor=actor, token_hash=token_new()[1], expires=expires, **data
    )
