"""Helpers shared by the participation views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from teilhabe.core import selectors as core_selectors
from teilhabe.core.models import Body
from teilhabe.core.views import body_context

from .. import selectors


def context(request: HttpRequest, body: Body, **extra: Any) -> dict[str, Any]:
    return body_context(request, body, "participation") | {
        "can_manage": selectors.can_manage(request.user, body),
        **extra,
    }


def member_body(request: HttpRequest, body: str) -> Body:
    return core_selectors.body_get_for_member(user=request.user, slug=body)


def coordinator_body(request: HttpRequest, body: str) -> Body:
    """Coordinators only: checked before any object is looked up (as the access walk expects)."""
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    core_selectors.require_coordinator(request.user, body_obj)
    return body_obj
