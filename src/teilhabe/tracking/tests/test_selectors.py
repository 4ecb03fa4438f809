"""Reads of the tracking app: measure states, the weighted roll-up, the lights, "heute zu tun"."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from teilhabe.concepts import services as concept_services
from teilhabe.concepts.models import FieldOfAction, Objective
from teilhabe.core.traffic import Light
from teilhabe.tracking import budget, selectors, services
from teilhabe.tracking.models import Survey

from .util import add_measure, fresh, link, make_contact, status

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2023, 3, 1)  # the world's edition came into force on 01.06.2022


def report(world, measure, code, percent=None, day=datetime.date(2023, 2, 1)):  # type: ignore[no-untyped-def]
    return services.progress_record(
        user=world.users["coordinator_a"],
        measure=measure,
        date=day,
        status=status(world.a.body, code),
        percent=percent,
    )


def test_states_without_reports_take_the_edition_status_and_are_stale(world) -> None:  # type: ignore[no-untyped-def]
    measure = world.a.items["measure"]  # status "in_progress", no report since 01.06.2022
    state = selectors.measure_states(world.a.in_force, today=TODAY)[measure.pk]
    assert state.status.code == "in_progress"
    assert state.percent == 50
    assert state.last_report is None
    assert state.stale
    assert state.verdict.light == Light.DELAYED
    assert state.verdict.reason == (
        "keine Sachstandsmeldung innerhalb des Aktualisierungsintervalls"
    )
    fresh = selectors.measure_states(world.a.in_force, today=datetime.date(2022, 12, 1))
    assert fresh[measure.pk].verdict.light == Light.ON_TRACK


def test_latest_accepted_report_counts(world) -> None:  # type: ignore[no-untyped-def]
    measure = world.a.items["measure"]
    report(world, measure, "in_progress", 30, day=datetime.date(2023, 1, 1))
    report(world, measure, "in_progress", 60, day=datetime.date(2023, 2, 1))
    services.progress_record(
        user=world.users["contributor_a"],
        measure=measure,
        date=datetime.date(2023, 2, 20),
        status=status(world.a.body, "implemented"),
        accepted=False,  # pending: does not count
    )
    state = selectors.measure_states(world.a.in_force, today=TODAY)[measure.pk]
    assert (state.percent, state.last_report, state.stale) == (60, datetime.date(2023, 2, 1), False)
    assert state.verdict.light == Light.ON_TRACK


def test_rollup_weights_and_cancelled_measures(world) -> None:  # type: ignore[no-untyped-def]
    a, user = world.a, world.users["coordinator_a"]
    first_field = a.items["field"]
    objective = a.items["objective"]
    second_field = concept_services.item_create(
        user=user, model=FieldOfAction, edition=a.in_force, data={"title": "Arbeit"}
    )
    m1 = a.items["measure"]
    m2 = add_measure(world, "Elterncafé", m2m={"objectives": [objective]})
    m3 = add_measure(world, "Abgesagt", m2m={"objectives": [objective]})
    m4 = add_measure(world, "Jobmesse", field=second_field)
    report(world, m1, "in_progress", 20)
    report(world, m2, "implemented")  # 100
    report(world, m3, "dropped")  # cancelled: leaves the roll-up
    report(world, m4, "in_progress", 40)
    services.measure_plan_set(
        user=user, measure=m2, weight=Decimal(3), interval_months=6, expected_version=1
    )
    states = selectors.measure_states(a.in_force, today=TODAY)
    assert not states[m3.pk].counts
    result = selectors.rollup(a.in_force, states)
    # field 1: (1*20 + 3*100) / 4 = 80; the cancelled measure does not count
    assert result.fields[first_field.pk] == Decimal("80.0")
    assert result.objectives[objective.pk] == Decimal("80.0")
    assert result.fields[second_field.pk] == Decimal("40.0")
    assert result.edition == Decimal("60.0")  # equal field weights
    services.field_weight_set(user=user, field=second_field, weight=Decimal(3), expected_version=1)
    weighted = selectors.rollup(a.in_force, states)
    assert weighted.field_weights[second_field.pk] == Decimal(3)
    assert weighted.edition == Decimal("50.0")  # (80 + 3*40) / 4
    # a field whose measures are all cancelled or weighted 0 has no value and no influence
    services.measure_plan_set(
        user=user, measure=m4, weight=Decimal(0), interval_months=6, expected_version=1
    )
    zero = selectors.rollup(a.in_force, selectors.measure_states(a.in_force, today=TODAY))
    assert zero.fields[second_field.pk] is None
    assert zero.edition == Decimal("80.0")


def test_filters_and_counts(world) -> None:  # type: ignore[no-untyped-def]
    a = world.a
    other = add_measure(world, "Pausiert")
    report(world, other, "postponed")
    states = selectors.measure_states(a.in_force, today=TODAY).values()
    blocked = selectors.filter_states(states, selectors.StateFilter(light=Light.BLOCKED))
    assert [s.measure for s in blocked] == [other]
    by_actor = selectors.filter_states(states, selectors.StateFilter(actor=str(a.actor.public_id)))
    assert [s.measure for s in by_actor] == [a.items["measure"]]
    by_field = selectors.filter_states(
        states, selectors.StateFilter(field=str(a.items["field"].public_id))
    )
    assert len(by_field) == 2
    counts = {light: n for light, _label, n in selectors.light_counts(states)}
    assert counts == {"on_track": 0, "delayed": 1, "blocked": 1, "done": 0}


def test_can_report(world) -> None:  # type: ignore[no-untyped-def]
    measure = fresh(world.a.items["measure"])
    contributor = world.users["contributor_a"]
    assert selectors.can_report(world.users["coordinator_a"], measure)
    assert not selectors.can_report(contributor, measure)
    make_contact(world)
    assert selectors.can_report(contributor, measure)
    assert not selectors.can_report(world.users["council_a"], measure)
    assert not selectors.can_report(world.users["coordinator_b"], measure)
    # the draft's copy is not tracked
    assert not selectors.can_report(
        world.users["coordinator_a"], fresh(world.a.draft_items["measure"])
    )


def test_today_for_coordinator_and_members(world) -> None:  # type: ignore[no-untyped-def]
    a, user = world.a, world.users["coordinator_a"]
    services.progress_record(
        user=world.users["contributor_a"],
        measure=a.items["measure"],
        date=datetime.date(2023, 2, 1),
        status=status(a.body, "in_progress"),
        accepted=False,
    )
    budget.budget_line_create(
        user=user,
        edition=a.in_force,
        data={
            "field": a.items["field"],
            "year": 2023,
            "label": "Zu viel",
            "approved": Decimal(10),
            "spent": Decimal(11),
        },
    )
    survey = Survey.objects.create(edition=a.in_force, title="Abfrage 2023", due=TODAY)
    link(survey, a.actor)
    link(survey, a.partner, answered=datetime.datetime.now(datetime.UTC))
    later = Survey.objects.create(edition=a.in_force, title="Später", due=TODAY.replace(year=2024))
    link(later, a.actor)

    data = selectors.today_for(user=user, body=a.body, today=TODAY)
    assert [u.measure for u in data.pending] == [a.items["measure"]]
    assert [line.label for line in data.overspent] == ["Zu viel"]
    assert [link.actor for link in data.open_links] == [a.actor]
    assert [s.measure for s in data.attention] == [a.items["measure"]]  # stale
    assert data.review_due is None  # the world's edition has no review date
    assert [f.year for f in data.focus] == [2023]  # the world's focus of this year
    next_year = selectors.today_for(user=user, body=a.body, today=datetime.date(2024, 1, 2))
    assert next_year.focus == []

    council = selectors.today_for(user=world.users["council_a"], body=a.body, today=TODAY)
    assert council.pending == [] and council.open_links == []
    assert council.overspent  # the read-only overview shows the money
    with pytest.raises(PermissionDenied):
        selectors.today_for(user=world.users["coordinator_b"], body=a.body, today=TODAY)


def test_review_reminder_from_180_days(world) -> None:  # type: ignore[no-untyped-def]
    a = world.a
    a.in_force.review_due = datetime.date(2023, 8, 29)
    a.in_force.save()
    user = world.users["coordinator_a"]
    assert selectors.today_for(user=user, body=a.body, today=TODAY).review_due is None  # 180 days
    soon = selectors.today_for(user=user, body=a.body, today=datetime.date(2023, 3, 2))
    assert soon.review_due == datetime.date(2023, 8, 29) and not soon.review_overdue
    late = selectors.today_for(user=user, body=a.body, today=datetime.date(2023, 9, 1))
    assert late.review_overdue


def test_objective_without_counting_measures_is_absent(world) -> None:  # type: ignore[no-untyped-def]
    a = world.a
    lonely = concept_services.item_create(
        user=world.users["coordinator_a"],
        model=Objective,
        edition=a.in_force,
        data={"field": a.items["field"], "title": "Ohne Maßnahme"},
    )
    result = selectors.rollup(a.in_force, selectors.measure_states(a.in_force, today=TODAY))
    assert lonely.pk not in result.objectives
    assert result.objectives[a.items["objective"].pk] == Decimal("50.0")
