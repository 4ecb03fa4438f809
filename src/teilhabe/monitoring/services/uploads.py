"""Uploaded files between preview and import, and the import with progress for the browser.

The preview keeps the uploaded bytes in a :class:`PendingUpload` (not in the page: an Excel
file is binary and a large CSV exceeds what a form field may carry). The confirmed import
runs as a stream of progress events (:func:`import_events`): the file is read in a worker
thread (the readers are pure, no database) while this thread reports how far it got, then
the values are checked and written in chunks inside ONE transaction; an error, or the
browser going away, rolls everything back.
"""

from __future__ import annotations

import datetime
import hashlib
import queue
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teilhabe.core.models import AuditEntry, Body, User
from teilhabe.core.services import audit_record

from .. import parsers
from ..models import PendingUpload
from .imports import ImportResult, import_steps, parse_upload, stats_import

Action = AuditEntry.Action
#: Uploads not imported within this time are removed with the next upload.
KEEP = datetime.timedelta(days=1)
#: How often (seconds) the stream looks whether the reader has finished.
POLL = 0.2


@transaction.atomic
def upload_stash(
    *,
    user: User,
    body: Body,
    data: bytes,
    filename: str,
    mapping: Mapping[str, str] | None,
) -> PendingUpload:
    """Keep an uploaded file for its import after the preview; drop stale ones."""
    PendingUpload.all_objects.filter(created__lt=timezone.now() - KEEP).delete()
    upload = PendingUpload(
        body=body,
        user=user,
        filename=filename[:300],
        data=data,
        mapping=dict(mapping or {}),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    upload.full_clean()
    upload.save()
    audit_record(
        user=user,
        body=body,
        action=Action.CREATE,
        obj=upload,
        changes={"filename": (None, upload.filename), "sha256": (None, upload.sha256)},
    )
    return upload


def _claim(upload: PendingUpload) -> None:
    """Lock the stash for its import (inside the import's transaction): a second click or tab
    waits for the first import and then finds the file gone instead of importing it again."""
    if not list(
        PendingUpload.all_objects.select_for_update().filter(pk=upload.pk).values_list("pk")
    ):
        raise ValidationError(_("This file has been imported already."))


def _discard(upload: PendingUpload) -> None:
    # A scratch copy of a file, not a record of the domain: removed, not soft-deleted.
    PendingUpload.all_objects.filter(pk=upload.pk).delete()


@transaction.atomic
def upload_import(*, user: User, upload: PendingUpload, agent: str = "") -> ImportResult:
    """Import a stashed file (everything or nothing) and remove the stash."""
    _claim(upload)
    result = stats_import(
        user=user,
        body=upload.body,
        data=bytes(upload.data),
        filename=upload.filename,
        mapping=upload.mapping or None,
        agent=agent,
    )
    _discard(upload)
    return result


def _lines(data: bytes) -> int:
    return 0 if parsers.is_xlsx(data) else data.count(b"\n")


def import_events(
    *, user: User, upload: PendingUpload, agent: str = ""
) -> Iterator[dict[str, Any]]:
    """The import of a stashed file as progress events (dicts for JSON lines).

    ``{"phase": "read"|"check"|"write"|"derive", "done": n, "total": m}`` while it runs, then
    ``{"phase": "done", "rows": …, "new": …, "revised": …, "unchanged": …, "derived": …}`` or
    ``{"phase": "error", "errors": [...]}`` (and nothing is saved).
    """
    data, mapping = bytes(upload.data), upload.mapping or None
    total = _lines(data)
    language = translation.get_language()
    counts: queue.Queue[int] = queue.Queue()

    def read() -> parsers.ParsedFile:
        with translation.override(language):
            return parse_upload(
                data=data, filename=upload.filename, mapping=mapping, progress=counts.put
            )

    yield {"phase": "read", "done": 0, "total": total}
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(read)
        while not future.done() or not counts.empty():
            try:
                done = counts.get(timeout=POLL)
            except queue.Empty:
                continue
            yield {"phase": "read", "done": done, "total": max(total, done)}
    try:
        parsed = future.result()
    except ValidationError as error:
        yield {"phase": "error", "errors": error.messages}
        return
    yield {"phase": "read", "done": total, "total": total}
    try:
        with transaction.atomic():
            _claim(upload)
            steps = import_steps(
                parsed=parsed,
                user=user,
                body=upload.body,
                data=data,
                filename=upload.filename,
                dry_run=False,
                source="",
                stand=None,
                agent=agent,
            )
            while True:
                try:
                    step = next(steps)
                except StopIteration as stop:
                    result: ImportResult = stop.value
                    break
                yield {"phase": step.phase, "done": step.done, "total": step.total}
            _discard(upload)
    except ValidationError as error:
        yield {"phase": "error", "errors": error.messages}
        return
    yield {
        "phase": "done",
        "rows": result.rows,
        "new": result.new,
        "revised": result.revised,
        "unchanged": result.unchanged,
        "derived": result.derived,
    }
