"""The council services: outcome validation and what an outcome does to the edition."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from teilhabe.concepts.models import Edition
from teilhabe.core.models import AuditEntry
from teilhabe.core.services import ConflictError
from teilhabe.council import services
from teilhabe.council.models import Consultation, File, Paper

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 1)


def record(step, *, outcome="ungeändert beschlossen", decided_on=None, **kwargs):
    step.refresh_from_db()
    return services.consultation_record_outcome(
        user=None,
        consultation=step,
        expected_version=step.version,
        outcome=outcome,
        decided_on=decided_on or step.planned_date,
        today=TODAY,
        **kwargs,
    )


def errors_of(step, **kwargs):
    with pytest.raises(ValidationError) as caught:
        record(step, **kwargs)
    return caught.value.message_dict


def test_negative_votes_are_refused(council):
    step = council["a"].steps[0]
    errors = errors_of(step, votes_yes=5, votes_no=-1, votes_abstain=-2)
    assert set(errors) == {"votes_no", "votes_abstain"}


def test_a_step_cannot_be_decided_before_its_date(council):
    step = council["a"].steps[0]  # planned for 01.02.2024
    errors = errors_of(step, decided_on=datetime.date(2024, 1, 31))
    assert "01.02.2024" in errors["decided_on"][0]


def test_a_decision_cannot_lie_in_the_future(council):
    errors = errors_of(council["a"].steps[0], decided_on=TODAY + datetime.timedelta(days=1))
    assert list(errors) == ["decided_on"]


def test_more_votes_than_seats_are_refused(council):
    step = council["a"].steps[0]  # 11 seats
    errors = errors_of(step, votes_yes=6, votes_no=4, votes_abstain=2)
    assert "11" in errors["votes_yes"][0]
    record(step, votes_yes=6, votes_no=4, votes_abstain=1)  # 11 is fine


def test_seats_unknown_means_no_limit(council):
    data = council["a"]
    services.organization_update(
        user=None,
        organization=data.committee,
        expected_version=data.committee.version,
        data={"seats": None},
    )
    step = record(data.steps[0], votes_yes=300)
    assert step.votes_yes == 300


def test_outcome_and_date_are_required(council):
    errors = errors_of(council["a"].steps[0], outcome="", decided_on=None)
    assert set(errors) >= {"outcome"}
    step = council["a"].steps[0]
    step.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.consultation_record_outcome(
            user=None,
            consultation=step,
            expected_version=step.version,
            outcome="vertagt",
            decided_on=None,
            today=TODAY,
        )
    assert "decided_on" in caught.value.message_dict


def test_a_stale_version_conflicts(council):
    step = council["a"].steps[0]
    stale = step.version
    record(step)
    with pytest.raises(ConflictError):
        services.consultation_record_outcome(
            user=None,
            consultation=step,
            expected_version=stale,
            outcome="abgelehnt",
            decided_on=step.planned_date,
            today=TODAY,
        )


def paper_for_draft(world, council):
    """A's draft with the Beschlussvorlage and dated steps."""
    user = world.users["coordinator_a"]
    paper = services.paper_create_for_edition(user=user, edition=world.a.draft)
    steps = list(paper.consultations.all())
    for day, step in zip((1, 8, 15), steps, strict=True):
        services.consultation_update(
            user=user,
            consultation=step,
            expected_version=step.version,
            data={"planned_date": datetime.date(2024, 5, day)},
        )
    return paper, list(paper.consultations.all())


def test_beschlussvorlage_is_prefilled_from_the_edition(world, council):
    paper, steps = paper_for_draft(world, council)
    draft = world.a.draft
    assert paper.title == draft.title
    assert paper.paper_type == Paper.PaperType.RESOLUTION
    assert draft.title in paper.decision_proposal
    assert world.a.draft_items["field"].title in paper.facts
    assert world.a.in_force.label in paper.facts  # it updates the predecessor
    assert [s.organization for s in steps] == [
        council["a"].committee,
        council["a"].main_committee,
        council["a"].council,
    ]
    assert [s.authoritative for s in steps] == [False, False, True]
    assert steps[2].role == Consultation.Role.DECISION
    attachment = File.objects.get(paper=paper)
    assert attachment.edition == draft and attachment.name == draft.title


def test_authoritative_adoption_puts_the_draft_in_force(world, council):
    paper, steps = paper_for_draft(world, council)
    record(steps[0], votes_yes=10)
    record(steps[1], unanimous=True)
    record(steps[2], outcome="geändert beschlossen", votes_yes=30, votes_no=10, votes_abstain=2)
    draft, old = world.a.draft, world.a.in_force
    draft.refresh_from_db()
    old.refresh_from_db()
    assert draft.status == Edition.Status.IN_FORCE
    assert draft.valid_from == datetime.date(2024, 5, 15)
    assert old.status == Edition.Status.SUPERSEDED
    assert draft.papers.get() == paper  # the edition knows the paper that decided it
    assert AuditEntry.objects.filter(object_id=draft.public_id, action="status").exists()


@pytest.mark.parametrize(
    "outcome", ["abgelehnt", "vertagt", "zurückgezogen", "zur Kenntnis genommen"]
)
def test_other_outcomes_of_the_authoritative_step_change_nothing(outcome, world, council):
    _paper, steps = paper_for_draft(world, council)
    record(steps[2], outcome=outcome)
    world.a.draft.refresh_from_db()
    world.a.in_force.refresh_from_db()
    assert world.a.draft.status == Edition.Status.DRAFT
    assert world.a.in_force.status == Edition.Status.IN_FORCE


def test_adoption_in_a_preliminary_step_changes_nothing(world, council):
    _paper, steps = paper_for_draft(world, council)
    record(steps[0])
    record(steps[1])
    world.a.draft.refresh_from_db()
    assert world.a.draft.status == Edition.Status.DRAFT


def test_adoption_of_an_edition_in_force_changes_nothing(world, council):
    """Recording a past decision on an edition already in force (as the demo does)."""
    in_force = world.a.in_force
    paper = services.paper_create(
        user=None, body=world.a.body, data={"title": "Alt"}, edition=in_force
    )
    step = services.consultation_add(
        user=None,
        paper=paper,
        organization=council["a"].council,
        planned_date=datetime.date(2022, 6, 1),
        authoritative=True,
    )
    record(step)
    in_force.refresh_from_db()
    assert in_force.status == Edition.Status.IN_FORCE
    assert in_force.valid_from == datetime.date(2022, 6, 1)


def test_steps_move_and_a_decided_step_stays(world, council):
    data = council["a"]
    services.consultation_move(user=None, consultation=data.steps[2], direction=-1)
    order = list(Consultation.objects.filter(paper=data.paper).values_list("pk", flat=True))
    assert order == [data.steps[0].pk, data.steps[2].pk, data.steps[1].pk]
    services.consultation_move(user=None, consultation=data.steps[0], direction=-1)  # no-op
    record(data.steps[0])
    with pytest.raises(ValidationError):
        services.consultation_delete(
            user=None, consultation=Consultation.objects.get(pk=data.steps[0].pk)
        )
    with pytest.raises(ValidationError):
        services.paper_delete(user=None, paper=data.paper)


def test_steps_and_papers_keep_to_their_body(world, council):
    with pytest.raises(ValidationError):
        services.consultation_add(
            user=None, paper=council["a"].paper, organization=council["b"].committee
        )
    with pytest.raises(ValidationError):
        services.paper_create(
            user=None, body=world.a.body, data={"title": "X"}, edition=world.b.draft
        )
    with pytest.raises(ValidationError):
        services.agenda_item_create(
            user=None,
            meeting=council["b"].meeting,
            data={"name": "X"},
            consultation=council["a"].steps[0],
        )


def test_location_ensure_is_idempotent(world):
    first = services.location_ensure(user=None, body=world.a.body, description="Kreishaus")
    again = services.location_ensure(user=None, body=world.a.body, description=" Kreishaus ")
    assert first == again
