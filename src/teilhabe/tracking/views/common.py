"""What the tracking pages share: the body from the URL, the context, form errors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from teilhabe.core import selectors as core_selectors
from teilhabe.core.models import Body
from teilhabe.core.views import body_context


def member_body(request: HttpRequest, body: str) -> Body:
    return core_selectors.body_get_for_member(user=request.user, slug=body)


def coordinator_body(request: HttpRequest, body: str) -> Body:
    body_obj = member_body(request, body)
    core_selectors.require_coordinator(request.user, body_obj)
    return body_obj


def context_of(request: HttpRequest, body: Body, section: str = "") -> dict[str, Any]:
    """The body navigation marks "tracking"; ``section`` marks the tracking sub-navigation."""
    return body_context(request, body, "tracking") | {"section": section}
