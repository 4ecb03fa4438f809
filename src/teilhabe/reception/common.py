"""What every reception service module shares: the audit helper, the error helper and the
directory of the data shipped with the app."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from teilhabe.core.models import AuditEntry, Body, User
from teilhabe.core.services import audit_record

Action = AuditEntry.Action
DATA_DIR = Path(__file__).resolve().parent / "data"


def _err(message: str, field: str | None = None) -> ValidationError:
    return ValidationError({field: message} if field else message)


def _body_audit(
    *,
    user: User | None,
    body: Body | None,
    action: str,
    obj: Any,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    agent: str = "",
) -> None:
    audit_record(user=user, body=body, action=action, obj=obj, changes=changes, agent=agent)
