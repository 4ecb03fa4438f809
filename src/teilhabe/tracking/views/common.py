"""What the tracking pages share: the body from the URL, the context, form errors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
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


def add_errors(form: Any, error: ValidationError) -> None:
    """Errors of a service on the form: on the field they name, else on the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
