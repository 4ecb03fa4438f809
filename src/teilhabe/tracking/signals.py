"""Every body gets the default status list when it is created (it may edit it later)."""

from __future__ import annotations

from typing import Any

from teilhabe.core.models import Body


def body_saved(sender: type[Body], instance: Body, created: bool, raw: bool, **kwargs: Any) -> None:
    if created and not raw:
        from .services import status_defaults_create

        status_defaults_create(body=instance)
