"""Helpers shared by the concept views."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from teilhabe.core import selectors as core_selectors
from teilhabe.core.models import Body

from .. import selectors
from ..models import Edition


def member_edition(request: HttpRequest, body: str, edition: Any) -> tuple[Body, Edition]:
    """Body and edition of an internal page: members only, and the edition must exist there."""
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    return body_obj, selectors.edition_get_for_user(
        user=request.user, body=body_obj, public_id=edition
    )


def require_edit_edition(request: HttpRequest, edition: Edition) -> None:
    if not selectors.can_edit_edition(request.user, edition):
        raise PermissionDenied
