"""Excel round trip of the measure list: export, validate the whole file, preview, apply.

Between the preview and the confirmation the validated changes travel in a hidden field,
signed with ``django.core.signing`` (salted, bound to the body, the edition and the user,
valid one hour). Nothing is stored on the server in between; a forged or stale payload is
refused. On confirmation every change is checked against the record again: if somebody
recorded a newer Sachstand for one of the measures meanwhile, nothing is written.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import asdict, dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from teilhabe.concepts.models import Edition, Measure
from teilhabe.core.models import Body, User
from teilhabe.core.selectors import require_coordinator
from teilhabe.core.services import audit_record

from . import services
from .models import ProgressUpdate, StatusOption
from .selectors import measure_states, status_options

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 60 * 1024 * 1024
MAX_ROWS = 5000
MAX_NARRATIVE = 5000
SALT = "teilhabe.tracking.xlsx"
MAX_AGE = 3600
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The columns of the sheet: code, header (translated), required for the import.
COLUMNS: list[tuple[str, Any, bool]] = [
    ("key", gettext_lazy("Key"), True),
    ("field", gettext_lazy("Field of action"), False),
    ("title", gettext_lazy("Measure"), False),
    ("lead", gettext_lazy("Lead actor"), False),
    ("status", gettext_lazy("Status"), True),
    ("percent", gettext_lazy("Progress (%)"), True),
    ("date", gettext_lazy("Report date"), True),
    ("narrative", gettext_lazy("Report"), True),
]
#: Headers accepted besides the translated ones (files exported in another language).
ALIASES = {
    "key": {"schlüssel", "key", "kennung"},
    "field": {"handlungsfeld", "field of action"},
    "title": {"maßnahme", "massnahme", "measure", "titel"},
    "lead": {"federführung", "lead actor", "verantwortlich"},
    "status": {"status"},
    "percent": {"fortschritt (%)", "fortschritt", "progress (%)", "progress", "%"},
    "date": {"stand", "datum", "report date", "date"},
    "narrative": {"sachstand", "bericht", "report", "narrative"},
}
WIDTHS = {"key": 18, "field": 30, "title": 50, "lead": 30, "status": 20, "percent": 14, "date": 14}


def _sheet_title(text: str) -> str:
    return "".join(c for c in text if c not in "[]:*?/\\")[:31] or "Sheet"


def _append(sheet: Any, values: list[Any]) -> None:
    """Append a row of values as values: openpyxl would store a text starting with ``=`` as a
    formula, and a narrative like ``=HYPERLINK(…)`` would run in the reader's Excel."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


# --- export -----------------------------------------------------------------------------


def ordered_measures(edition: Edition) -> list[Measure]:
    return list(
        Measure.objects.filter(edition=edition)
        .select_related("field", "lead_actor")
        .order_by("field__position", "field_id", "position", "id")
    )


def workbook_export(edition: Edition, *, today: datetime.date) -> bytes:
    """The measure list with the last accepted status, and a sheet with the statuses."""
    body = edition.concept.body
    states = measure_states(edition, today=today)
    options = list(status_options(body))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(_("Measures"))
    sheet.append([str(label) for _code, label, _required in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for measure in ordered_measures(edition):
        state = states[measure.pk]
        _append(
            sheet,
            [
                measure.key,
                measure.field.title,
                measure.title,
                measure.lead_actor.name if measure.lead_actor else "",
                state.status.label if state.status else "",
                state.percent,
                state.last_report,
                state.update.narrative if state.update else "",
            ],
        )
    last = sheet.max_row
    codes = [code for code, _label, _required in COLUMNS]
    for index, code in enumerate(codes, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(code, 60)
        if code == "date":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "DD.MM.YYYY"
        if code == "narrative":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"

    statuses = book.create_sheet(_sheet_title(_("Statuses")))
    statuses.append([_("Status"), _("Code"), _("Phase"), _("Usual progress (%)")])
    for cell in statuses[1]:
        cell.font = Font(bold=True)
    for option in options:
        _append(
            statuses,
            [option.label, option.code, option.get_phase_display(), option.default_percent],
        )
    statuses.column_dimensions["A"].width = 30
    statuses.column_dimensions["C"].width = 20
    if options and last > 1:
        ref = f"{quote_sheetname(statuses.title)}!$A$2:$A${len(options) + 1}"
        status_col = get_column_letter(codes.index("status") + 1)
        choice = DataValidation(type="list", formula1=ref, allow_blank=False)
        choice.error = _("Choose a status of the list on the sheet “%(sheet)s”.") % {
            "sheet": statuses.title
        }
        choice.add(f"{status_col}2:{status_col}{last}")
        sheet.add_data_validation(choice)
        percent_col = get_column_letter(codes.index("percent") + 1)
        whole = DataValidation(type="whole", operator="between", formula1="0", formula2="100")
        whole.error = _("Enter a whole number from 0 to 100.")
        whole.add(f"{percent_col}2:{percent_col}{last}")
        sheet.add_data_validation(whole)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- import: validation -----------------------------------------------------------------


@dataclass
class Change:
    """One measure the file changes (old → new); ids only, so it can travel signed."""

    row: int
    measure_id: int
    key: str
    title: str
    last_update_id: int | None
    old_status: str
    old_percent: int
    old_date: str | None
    old_narrative: str
    status_id: int
    status: str
    percent: int
    date: str
    narrative: str

    @property
    def new_date(self) -> datetime.date:
        return datetime.date.fromisoformat(self.date)

    @property
    def previous_date(self) -> datetime.date | None:
        return datetime.date.fromisoformat(self.old_date) if self.old_date else None


@dataclass
class ImportPlan:
    edition_id: int
    filename: str
    changes: list[Change]
    unchanged: int


def _aliases() -> dict[str, str]:
    """Header text (case-folded) → column code, in every UI language."""
    found: dict[str, str] = {}
    for code, names in ALIASES.items():
        for name in names:
            found[name.casefold()] = code
    for language in ("de", "en"):
        with translation.override(language):
            for code, label, _required in COLUMNS:
                found[str(label).strip().casefold()] = code
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _show(value: Any) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return f"„{_text(value)}“"


def _percent(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text(value).removesuffix("%").strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _date(value: Any) -> datetime.date | None:
    """A cell as a date; ``None`` if empty; ``ValueError`` if not a date."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
            try:
                return datetime.datetime.strptime(value.strip(), pattern).date()
            except ValueError:
                continue
    raise ValueError(value)


def _open(data: bytes) -> Any:
    """The first worksheet, or a ``ValidationError`` that says why the file is not one."""
    not_xlsx = ValidationError(_("The file is not an Excel workbook (.xlsx)."))
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED:
                raise not_xlsx
    except zipfile.BadZipFile as exc:
        raise not_xlsx from exc
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise not_xlsx from exc
    if not book.worksheets:
        raise not_xlsx
    return book.worksheets[0]


def xlsx_parse(
    *, edition: Edition, data: bytes, filename: str = "", today: datetime.date | None = None
) -> ImportPlan:
    """Validate the whole file and work out what it changes. Raises a ``ValidationError``
    listing every problem with its row and column; writes nothing."""
    today = today or timezone.localdate()
    sheet = _open(data)
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    aliases = _aliases()
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    errors: list[str] = []
    for index, value in enumerate(header):
        code = aliases.get(_text(value).casefold())
        if code is None:
            continue
        if code in columns:
            errors.append(
                _("Row 1: the column %(column)s appears twice.") % {"column": _text(value)}
            )
        columns[code], labels[code] = index, _text(value)
    missing = [str(label) for code, label, required in COLUMNS if required and code not in columns]
    if missing:
        errors.append(
            _("Row 1: the columns %(columns)s are missing (row 1 must hold the column names).")
            % {"columns": ", ".join(missing)}
        )
    if errors:
        raise ValidationError(errors)

    body = edition.concept.body
    options = list(status_options(body))
    by_label = {o.label.casefold(): o for o in options} | {o.code.casefold(): o for o in options}
    measures = {m.key: m for m in ordered_measures(edition)}
    states = measure_states(edition, today=today)
    seen: dict[str, int] = {}
    changes: list[Change] = []
    unchanged = 0

    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            errors.append(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
            break

        def cell(code: str, values: tuple[Any, ...] = values) -> Any:
            index = columns[code]
            return values[index] if index < len(values) else None

        if all(_text(v) == "" for v in values):
            continue
        row_errors: list[str] = []

        def fail(
            code: str, message: str, number: int = number, into: list[str] = row_errors
        ) -> None:
            into.append(
                _("Row %(row)d, column %(column)s: %(message)s")
                % {"row": number, "column": labels[code], "message": message}
            )

        key = _text(cell("key"))
        measure = measures.get(key)
        if not key:
            fail("key", _("empty – every row needs the key of a measure."))
        elif key in seen:
            fail(
                "key",
                _("%(key)s appears already in row %(row)d.")
                % {"key": _show(key), "row": seen[key]},
            )
        elif measure is None:
            fail(
                "key",
                _("%(key)s is not the key of a measure of the edition %(edition)s.")
                % {"key": _show(key), "edition": edition.label},
            )
        if key and key not in seen:
            seen[key] = number
        raw_status = cell("status")
        status = by_label.get(_text(raw_status).casefold())
        if status is None:
            fail(
                "status",
                _("%(value)s is not a status of the list (see the second sheet).")
                % {"value": _show(raw_status)}
                if _text(raw_status)
                else _("empty – choose a status of the list."),
            )
        raw_percent = cell("percent")
        percent = _percent(raw_percent)
        if percent is None:
            fail(
                "percent",
                _("%(value)s is not a whole number.") % {"value": _show(raw_percent)}
                if _text(raw_percent)
                else _("empty – enter a whole number from 0 to 100."),
            )
        elif not 0 <= percent <= 100:
            fail("percent", _("%(value)s is not between 0 and 100.") % {"value": percent})
        raw_date = cell("date")
        date: datetime.date | None = None
        try:
            date = _date(raw_date)
        except ValueError:
            fail(
                "date", _("%(value)s is not a date (e.g. 31.12.2024).") % {"value": _show(raw_date)}
            )
        if date is not None and date > today:
            fail("date", _("%(value)s lies in the future.") % {"value": _show(date)})
        narrative = _text(cell("narrative"))
        if len(narrative) > MAX_NARRATIVE:
            fail("narrative", _("longer than %(n)d characters.") % {"n": MAX_NARRATIVE})
        if row_errors or measure is None or status is None or percent is None:
            errors.extend(row_errors)
            continue
        state = states[measure.pk]
        old_narrative = state.update.narrative if state.update else ""
        same = (
            state.status is not None
            and state.status.pk == status.pk
            and state.percent == percent
            and old_narrative == narrative
        )
        if same and (date is None or date == state.last_report):
            unchanged += 1
            continue
        if date is None or date == state.last_report:
            date = today
        if state.last_report and date < state.last_report:
            fail(
                "date",
                _("%(value)s lies before the last report of this measure (%(last)s).")
                % {"value": _show(date), "last": _show(state.last_report)},
            )
            errors.extend(row_errors)
            continue
        changes.append(
            Change(
                row=number,
                measure_id=measure.pk,
                key=measure.key,
                title=measure.title,
                last_update_id=state.update.pk if state.update else None,
                old_status=state.status.label if state.status else "",
                old_percent=state.percent,
                old_date=state.last_report.isoformat() if state.last_report else None,
                old_narrative=old_narrative,
                status_id=status.pk,
                status=status.label,
                percent=percent,
                date=date.isoformat(),
                narrative=narrative,
            )
        )
    if errors:
        raise ValidationError(errors)
    return ImportPlan(
        edition_id=edition.pk, filename=filename[:200], changes=changes, unchanged=unchanged
    )


# --- between preview and confirmation ---------------------------------------------------


def plan_sign(plan: ImportPlan, *, body: Body, user: User) -> str:
    payload = {"body": body.pk, "user": user.pk, **asdict(plan)}
    return signing.dumps(payload, salt=SALT, compress=True)


def plan_load(value: str, *, body: Body, user: User) -> ImportPlan:
    expired = ValidationError(_("The preview is no longer valid; please upload the file again."))
    try:
        payload = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise expired from exc
    if not isinstance(payload, dict) or payload.get("body") != body.pk:
        raise expired
    if payload.get("user") != user.pk:
        raise expired
    try:
        return ImportPlan(
            edition_id=payload["edition_id"],
            filename=payload["filename"],
            changes=[Change(**c) for c in payload["changes"]],
            unchanged=payload["unchanged"],
        )
    except (KeyError, TypeError) as exc:
        raise expired from exc


@transaction.atomic
def xlsx_apply(
    *, user: User, edition: Edition, plan: ImportPlan, today: datetime.date | None = None
) -> list[ProgressUpdate]:
    """Write every change as an accepted update (source: import), or none of them."""
    body = edition.concept.body
    require_coordinator(user, body)
    today = today or timezone.localdate()
    if plan.edition_id != edition.pk or edition.status != Edition.Status.IN_FORCE:
        raise ValidationError(_("The file was checked against another edition; upload it again."))
    states = measure_states(edition, today=today)
    options = {o.pk: o for o in status_options(body)}
    updates = []
    for change in plan.changes:
        state = states.get(change.measure_id)
        status: StatusOption | None = options.get(change.status_id)
        current = state.update.pk if state and state.update else None
        if state is None or status is None or current != change.last_update_id:
            raise ValidationError(
                _(
                    "Row %(row)d (%(key)s) was changed by somebody else since the preview. "
                    "Nothing was imported; please export the list again."
                )
                % {"row": change.row, "key": change.key}
            )
        updates.append(
            services.progress_record(
                user=user,
                measure=state.measure,
                date=change.new_date,
                status=status,
                percent=change.percent,
                narrative=change.narrative,
                source=ProgressUpdate.Source.IMPORT,
                accepted=True,
            )
        )
    audit_record(
        user=user,
        body=body,
        action="import",
        obj=edition,
        changes={"progress": (plan.filename, len(updates))},
    )
    return updates
