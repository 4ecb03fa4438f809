"""Writes of the tracking app: progress, review, status list, budget lines, amounts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teilhabe.core.amounts import format_amount, parse_amount
from teilhabe.core.models import AuditEntry
from teilhabe.core.services import ConflictError
from teilhabe.tracking import budget, services
from teilhabe.tracking.models import BudgetLine, ProgressUpdate, StatusOption

from .util import add_measure, status

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 1, 10)


def record(world, *, accepted=True, percent=None, code="in_progress", measure=None):  # type: ignore[no-untyped-def]
    return services.progress_record(
        user=world.users["coordinator_a"] if accepted else world.users["contributor_a"],
        measure=measure or world.a.items["measure"],
        date=DAY,
        status=status(world.a.body, code),
        percent=percent,
        narrative="  Kurs läuft.  ",
        accepted=accepted,
    )


# --- progress -------------------------------------------------------------------------------


def test_record_accepted_and_pending(world) -> None:  # type: ignore[no-untyped-def]
    accepted = record(world, percent=40)
    assert accepted.state == ProgressUpdate.State.ACCEPTED
    assert accepted.reviewed_by == world.users["coordinator_a"]
    assert accepted.narrative == "Kurs läuft."
    pending = record(world, accepted=False)
    assert pending.state == ProgressUpdate.State.PENDING
    assert pending.reviewed_by is None
    assert pending.percent == 50  # the default of "in progress"
    assert AuditEntry.objects.filter(object_id=pending.public_id, action="create").exists()


def test_record_refuses_bad_input_naming_the_field(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        record(world, percent=101)
    assert "percent" in info.value.message_dict
    future = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as info:
        services.progress_record(
            user=None,
            measure=world.a.items["measure"],
            date=future,
            status=status(world.a.body, "planned"),
        )
    assert "date" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.progress_record(
            user=None,
            measure=world.a.items["measure"],
            date=DAY,
            status=status(world.b.body, "planned"),  # another body's list
        )
    assert "status" in info.value.message_dict
    assert not ProgressUpdate.objects.exists()


def test_review_accepts_with_corrections(world) -> None:  # type: ignore[no-untyped-def]
    pending = record(world, accepted=False)
    done = services.progress_review(
        user=world.users["coordinator_a"],
        update=pending,
        accept=True,
        expected_version=pending.version,
        corrections={"percent": 70},
    )
    assert done.state == ProgressUpdate.State.ACCEPTED
    assert done.percent == 70
    assert done.reviewed_by == world.users["coordinator_a"]
    entry = AuditEntry.objects.filter(object_id=done.public_id, action="status").get()
    assert entry.changes["percent"] == [50, 70]


def test_second_concurrent_review_conflicts_and_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    pending = record(world, accepted=False)
    opened_by_both = pending.version
    stale_copy = ProgressUpdate.objects.get(pk=pending.pk)
    services.progress_review(
        user=world.users["coordinator_a"],
        update=pending,
        accept=False,
        expected_version=opened_by_both,
        note="Bitte mit Nachweis.",
    )
    with pytest.raises(ConflictError) as info:
        services.progress_review(
            user=world.users["coordinator_a2"],
            update=stale_copy,
            accept=True,
            expected_version=opened_by_both,
        )
    assert info.value.current.state == ProgressUpdate.State.REJECTED
    pending.refresh_from_db()
    assert pending.state == ProgressUpdate.State.REJECTED
    assert pending.review_note == "Bitte mit Nachweis."
    assert pending.reviewed_by == world.users["coordinator_a"]


# --- status list ------------------------------------------------------------------------------


def test_status_create_rename_move_delete(world) -> None:  # type: ignore[no-untyped-def]
    body, user = world.a.body, world.users["coordinator_a"]
    created = services.status_create(
        user=user, body=body, code="evaluated", label="evaluiert", phase="done", default_percent=100
    )
    codes = list(StatusOption.objects.filter(body=body).values_list("code", flat=True))
    assert codes[-1] == "evaluated"
    with pytest.raises(ValidationError) as info:
        services.status_create(
            user=user, body=body, code="evaluated", label="x", phase="done", default_percent=None
        )
    assert "code" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.status_create(
            user=user, body=body, code="other", label="Geplant", phase="done", default_percent=None
        )
    assert "label" in info.value.message_dict  # the label "geplant" exists (case-insensitive)

    renamed = services.status_update(
        user=user,
        option=created,
        expected_version=created.version,
        data={"label": "ausgewertet", "phase": "done", "default_percent": 100},
    )
    assert renamed.label == "ausgewertet"
    with pytest.raises(ConflictError):
        services.status_update(
            user=user,
            option=created,
            expected_version=created.version,  # the version before the rename
            data={"label": "überholt", "phase": "done", "default_percent": 100},
        )

    services.status_move(user=user, option=renamed, direction="up")
    codes = list(StatusOption.objects.filter(body=body).values_list("code", flat=True))
    assert codes[-2:] == ["evaluated", "dropped"]
    assert list(StatusOption.objects.filter(body=body).values_list("position", flat=True)) == list(
        range(len(codes))
    )
    services.status_move(user=user, option=StatusOption.objects.get(pk=renamed.pk), direction="up")
    assert list(StatusOption.objects.filter(body=body).values_list("code", flat=True))[-3] == (
        "evaluated"
    )

    services.status_delete(user=user, option=renamed)
    assert not StatusOption.objects.filter(pk=renamed.pk).exists()
    assert StatusOption.all_objects.get(pk=renamed.pk).is_deleted
    assert AuditEntry.objects.filter(object_id=renamed.public_id, action="delete").exists()


def test_status_in_use_cannot_be_deleted(world) -> None:  # type: ignore[no-untyped-def]
    user = world.users["coordinator_a"]
    in_progress = status(world.a.body, "in_progress")  # the world's measure has this status
    with pytest.raises(ValidationError):
        services.status_delete(user=user, option=in_progress)
    postponed = status(world.a.body, "postponed")
    record(world, code="postponed")
    with pytest.raises(ValidationError):
        services.status_delete(user=user, option=postponed)
    assert StatusOption.objects.filter(pk=postponed.pk).exists()


# --- budget -------------------------------------------------------------------------------------


def line_data(world, **data):  # type: ignore[no-untyped-def]
    return {
        "field": world.a.items["field"],
        "measure": None,
        "year": 2024,
        "label": "Sprachkurse",
        "approved": Decimal(1000),
        "spent": Decimal(0),
        "funding_source": "kreis",
    } | data


def test_budget_line_takes_a_field_or_a_measure_of_the_edition_not_both(world) -> None:  # type: ignore[no-untyped-def]
    user, edition = world.users["coordinator_a"], world.a.in_force
    with pytest.raises(ValidationError) as info:
        budget.budget_line_create(
            user=user, edition=edition, data=line_data(world, measure=world.a.items["measure"])
        )
    assert info.value.message_dict["field"] == [
        "Wählen Sie ein Handlungsfeld oder eine Maßnahme, nicht beides."
    ]
    for data in (
        line_data(world, field=world.b.items["field"]),
        line_data(world, field=world.a.draft_items["field"]),
    ):
        with pytest.raises(ValidationError) as info:
            budget.budget_line_create(user=user, edition=edition, data=data)
        assert info.value.message_dict["field"] == [
            "Das Handlungsfeld gehört nicht zu dieser Ausgabe."
        ]
    with pytest.raises(ValidationError) as info:
        budget.budget_line_create(
            user=user,
            edition=edition,
            data=line_data(world, field=None, measure=world.b.items["measure"]),
        )
    assert info.value.message_dict["measure"] == ["Die Maßnahme gehört nicht zu dieser Ausgabe."]
    with pytest.raises(ValidationError) as info:
        budget.budget_line_create(user=user, edition=edition, data=line_data(world, year=1200))
    assert "year" in info.value.message_dict
    assert not BudgetLine.objects.exists()
    # neither field nor measure: a line for the whole concept
    whole = budget.budget_line_create(user=user, edition=edition, data=line_data(world, field=None))
    assert (whole.field, whole.measure) == (None, None)
    assert list(BudgetLine.objects.all()) == [whole]


def test_budget_line_update_delete_and_totals(world) -> None:  # type: ignore[no-untyped-def]
    user, edition = world.users["coordinator_a"], world.a.in_force
    second_field_measure = add_measure(world, "Lotsenprojekt")
    line = budget.budget_line_create(user=user, edition=edition, data=line_data(world))
    budget.budget_line_create(
        user=user,
        edition=edition,
        data=line_data(
            world,
            field=None,
            measure=second_field_measure,
            approved=Decimal(500),
            spent=Decimal(800),
            year=2025,
        ),
    )
    changed = budget.budget_line_update(
        user=user, line=line, expected_version=line.version, data={"spent": Decimal(250)}
    )
    assert changed.spent == Decimal(250)
    with pytest.raises(ConflictError):
        budget.budget_line_update(
            user=user, line=line, expected_version=line.version, data={"spent": Decimal(1)}
        )
    lines = list(BudgetLine.objects.filter(edition=edition))
    totals = budget.budget_totals(lines)
    field = world.a.items["field"]
    assert totals.years == [2024, 2025]
    assert totals.cells[(field.pk, 2024)].approved == Decimal(1000)
    assert totals.cells[(field.pk, 2025)].spent == Decimal(800)  # a measure's line → its field
    assert totals.cells[(field.pk, 2025)].overspent
    assert totals.by_field[field.pk].approved == Decimal(1500)
    assert totals.total.spent == Decimal(1050)
    assert not totals.by_year[2024].overspent
    assert [line.overspent for line in lines] == [False, True]

    budget.budget_line_delete(user=user, line=changed)
    assert BudgetLine.objects.count() == 1
    assert BudgetLine.all_objects.get(pk=line.pk).is_deleted


# --- amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.000.000,00 €", "1000000.00"),
        ("1.000.000", "1000000.00"),
        ("6.000 €", "6000.00"),
        ("10.000€", "10000.00"),
        ("EUR 2.500,5", "2500.50"),
        ("1 Mio. €", "1000000.00"),
        ("1,5 Mio. Euro", "1500000.00"),
        ("1 234 567,89", "1234567.89"),
        ("1\u00a0000,00\u00a0€", "1000.00"),
        ("1234.56", "1234.56"),
        ("0", "0.00"),
    ],
)
def test_parse_amount(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-5,00 €", "Der Betrag darf nicht negativ sein."),
        ("1,000.00", "„1,000.00“ ist kein Betrag in Euro (Beispiel: 1.000.000,00 €)."),
        ("1.00.000", "„1.00.000“ ist kein Betrag in Euro (Beispiel: 1.000.000,00 €)."),
        ("12,345", "Ein Betrag hat höchstens zwei Nachkommastellen (Cent)."),
        ("zehn Euro", "„zehn Euro“ ist kein Betrag in Euro (Beispiel: 1.000.000,00 €)."),
        ("", "Geben Sie einen Betrag ein."),
    ],
)
def test_parse_amount_refuses_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_amount(text)
    assert str(caught.value) == reason


def test_format_amount_reads_back() -> None:
    assert format_amount(Decimal("1000000")) == "1.000.000,00"
    assert parse_amount(format_amount(Decimal("1234.5"))) == Decimal("1234.50")
