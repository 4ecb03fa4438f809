"""The questionnaire builder: questions of every kind, conditions, order, removal — through the
services and through the coordinator's pages. Also the builders the other questionnaire tests
use (``make_questionnaire``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from conftest import World
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.core.models import AuditEntry
from teilhabe.participation import services as process_services
from teilhabe.participation.models import Process, Question, Questionnaire, QuestionSection
from teilhabe.participation.questionnaires import logic, services

pytestmark = pytest.mark.django_db
Kind = Question.Kind


@dataclass
class Built:
    process: Process
    questionnaire: Questionnaire
    general: QuestionSection
    fields: QuestionSection
    role: Question  # single choice, required
    barriers: Question  # yes/no, required
    languages: Question  # text, required, shown only if barriers = yes
    satisfaction: Question  # scale
    offers: Question  # multiple choice
    matrix: Question  # field matrix
    ideas: Question  # free text

    def key(self, question: Question) -> str:
        return logic.question_key(question)


def make_process(world: World) -> Process:
    return process_services.process_create(
        user=world.users["coordinator_a"],
        edition=world.a.in_force,
        title="Beteiligung Alpha",
        channels=["administration"],
    )


def make_questionnaire(world: World, *, anonymous: bool = False, **extra: Any) -> Built:
    user = world.users["coordinator_a"]
    process = make_process(world)
    q = services.questionnaire_create(
        user=user,
        process=process,
        title="Abfrage der Verwaltung",
        introduction="Bitte bis Ende des Monats.",
        anonymous=anonymous,
        **extra,
    )
    general = services.section_create(user=user, questionnaire=q, title="Allgemeines")
    fields = services.section_create(user=user, questionnaire=q, title="Handlungsfelder")

    def add(section: QuestionSection, **data: Any) -> Question:
        return services.question_create(
            user=user, questionnaire=q, data={"section": section, **data}
        )

    role = add(
        general,
        kind=Kind.SINGLE,
        text="Wie arbeiten Sie mit Zugewanderten?",
        choices=["Beratung", "Verwaltung", "Bildung"],
        required=True,
    )
    barriers = add(general, kind=Kind.YES_NO, text="Gibt es Sprachbarrieren?", required=True)
    languages = add(
        general,
        kind=Kind.TEXT,
        text="Welche Sprachen fehlen?",
        required=True,
        condition_question=barriers,
        condition_value="yes",
    )
    satisfaction = add(general, kind=Kind.SCALE, text="Zufriedenheit mit der Zusammenarbeit")
    offers = add(
        general,
        kind=Kind.MULTIPLE,
        text="Welche Angebote nutzen Sie?",
        choices="Sprachkurs\nDolmetscher\nBeratung",
    )
    matrix = add(
        fields,
        kind=Kind.FIELD_MATRIX,
        text="Wie wichtig ist das Handlungsfeld?",
        choices=["wichtig", "weniger wichtig"],
    )
    ideas = add(fields, kind=Kind.TEXT, text="Anregungen")
    return Built(
        process, q, general, fields, role, barriers, languages, satisfaction, offers, matrix, ideas
    )


def test_questions_of_every_kind_in_order(world: World) -> None:
    built = make_questionnaire(world)
    ordered = logic.ordered_questions(built.questionnaire)
    assert [q.text for q in ordered] == [
        "Wie arbeiten Sie mit Zugewanderten?",
        "Gibt es Sprachbarrieren?",
        "Welche Sprachen fehlen?",
        "Zufriedenheit mit der Zusammenarbeit",
        "Welche Angebote nutzen Sie?",
        "Wie wichtig ist das Handlungsfeld?",
        "Anregungen",
    ]
    assert {q.kind for q in ordered} == set(Kind.values)
    # options given as lines are stored as a list; kinds without options store none
    assert built.offers.choices == ["Sprachkurs", "Dolmetscher", "Beratung"]
    assert built.barriers.choices == []
    assert logic.options(built.satisfaction) == [(v, v) for v in "12345"]
    # the matrix rows are the fields of action of the process's edition
    assert logic.matrix_rows(built.questionnaire) == [
        (world.a.items["field"].key, "Sprache und Bildung Alpha")
    ]
    entries = AuditEntry.objects.filter(object_type="participation.question", action="create")
    assert entries.count() == 7


@pytest.mark.parametrize(
    ("data", "field", "msgid"),
    [
        (
            {"kind": Kind.SINGLE, "choices": ["nur eine"]},
            "choices",
            "Enter at least two options, one per line.",
        ),
        ({"kind": "essay"}, "kind", "Choose a type of question."),
    ],
)
def test_bad_questions_are_refused_naming_the_field(
    world: World, data: dict[str, Any], field: str, msgid: str
) -> None:
    built = make_questionnaire(world)
    with pytest.raises(ValidationError) as error:
        services.question_create(
            user=world.users["coordinator_a"],
            questionnaire=built.questionnaire,
            data={"text": "Neu", **data},
        )
    assert error.value.message_dict[field] == [_(msgid)]


def test_duplicate_options_are_named(world: World) -> None:
    built = make_questionnaire(world)
    with pytest.raises(ValidationError) as error:
        services.question_create(
            user=world.users["coordinator_a"],
            questionnaire=built.questionnaire,
            data={"text": "Neu", "kind": Kind.MULTIPLE, "choices": ["A", "B", "A"]},
        )
    assert "A" in error.value.message_dict["choices"][0]


def test_condition_must_be_an_earlier_choice_question_and_one_of_its_answers(
    world: World,
) -> None:
    built = make_questionnaire(world)
    user = world.users["coordinator_a"]
    q = built.questionnaire
    with pytest.raises(ValidationError) as error:
        services.question_create(
            user=user,
            questionnaire=q,
            data={
                "kind": Kind.TEXT,
                "text": "Warum?",
                "condition_question": built.ideas,
                "condition_value": "x",
            },
        )
    assert "condition_question" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.question_create(
            user=user,
            questionnaire=q,
            data={
                "kind": Kind.TEXT,
                "text": "Warum?",
                "condition_question": built.role,
                "condition_value": "Polizei",
            },
        )
    assert "Beratung" in error.value.message_dict["condition_value"][0]
    # a later question cannot be the condition: moving the dependant above its condition fails
    with pytest.raises(ValidationError) as error:
        services.question_move(user=user, question=built.languages, direction=-1)
    assert "condition_question" in error.value.message_dict
    assert [x.text for x in logic.ordered_questions(q)][1:3] == [
        "Gibt es Sprachbarrieren?",
        "Welche Sprachen fehlen?",
    ]
    # nor can a question depend on a question of a later section
    other = services.question_create(
        user=user,
        questionnaire=q,
        data={"kind": Kind.YES_NO, "text": "Später?", "section": built.fields},
    )
    with pytest.raises(ValidationError):
        services.question_update(
            user=user,
            question=built.satisfaction,
            expected_version=built.satisfaction.version,
            data={"condition_question": other, "condition_value": "yes"},
        )


def test_reorder_questions_and_sections(world: World) -> None:
    built = make_questionnaire(world)
    user = world.users["coordinator_a"]
    assert services.question_move(user=user, question=built.offers, direction=-1)
    texts = [x.text for x in logic.ordered_questions(built.questionnaire)]
    assert texts.index("Welche Angebote nutzen Sie?") < texts.index(
        "Zufriedenheit mit der Zusammenarbeit"
    )
    assert not services.question_move(user=user, question=built.role, direction=-1)
    assert services.section_move(user=user, section=built.fields, direction=-1)
    assert logic.ordered_questions(built.questionnaire)[0].text == (
        "Wie wichtig ist das Handlungsfeld?"
    )


def test_changing_options_may_not_orphan_a_condition(world: World) -> None:
    built = make_questionnaire(world)
    user = world.users["coordinator_a"]
    services.question_create(
        user=user,
        questionnaire=built.questionnaire,
        data={
            "kind": Kind.TEXT,
            "text": "Welche Bildungsangebote?",
            "section": built.fields,
            "condition_question": built.role,
            "condition_value": "Bildung",
        },
    )
    with pytest.raises(ValidationError) as error:
        services.question_update(
            user=user,
            question=built.role,
            expected_version=built.role.version,
            data={"choices": ["Beratung", "Verwaltung"]},
        )
    assert "Bildung" in error.value.message_dict["condition_value"][0]


def test_remove_question_soft_and_not_while_others_depend_on_it(world: World) -> None:
    built = make_questionnaire(world)
    user = world.users["coordinator_a"]
    with pytest.raises(ValidationError) as error:
        services.question_delete(user=user, question=built.barriers)
    assert "Welche Sprachen fehlen?" in error.value.messages[0]
    services.question_delete(user=user, question=built.ideas)
    assert Question.all_objects.get(pk=built.ideas.pk).is_deleted
    assert "Anregungen" not in [x.text for x in logic.ordered_questions(built.questionnaire)]
    with pytest.raises(ValidationError):
        services.section_delete(user=user, section=built.general)


# --- the pages ------------------------------------------------------------------------------


def url(world: World, name: str, **kwargs: Any) -> str:
    return reverse(f"participation:{name}", kwargs={"body": world.a.body.slug, **kwargs})


def test_builder_pages_create_and_edit(world: World, client_for: Any) -> None:
    process = make_process(world)
    client = client_for("coordinator_a")
    response = client.post(
        url(world, "questionnaire_create", process=process.public_id),
        {"title": "Fragebogen Verwaltung", "introduction": "Hallo", "anonymous": "on"},
    )
    assert response.status_code == 302
    q = Questionnaire.objects.get(title="Fragebogen Verwaltung")
    assert q.anonymous
    qid = q.public_id
    response = client.post(
        url(world, "questionnaire_section_create", questionnaire=qid), {"title": "Teil 1"}
    )
    assert response.status_code == 302
    section = q.sections.get()
    response = client.post(
        url(world, "questionnaire_question_create", questionnaire=qid),
        {
            "section": section.pk,
            "kind": "single",
            "text": "Bereich?",
            "choices_text": "Jugend\r\nSoziales\r\n",
            "required": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    first = q.questions.get()
    assert first.choices == ["Jugend", "Soziales"]
    # a condition on the first question's answer, chosen from the offered pairs
    response = client.post(
        url(world, "questionnaire_question_create", questionnaire=qid),
        {
            "section": section.pk,
            "kind": "text",
            "text": "Welche Jugendangebote?",
            "condition": f"{first.public_id}|Jugend",
        },
    )
    assert response.status_code == 302
    second = q.questions.get(text="Welche Jugendangebote?")
    assert (second.condition_question, second.condition_value) == (first, "Jugend")
    # a matrix without options: the page names the field
    response = client.post(
        url(world, "questionnaire_question_create", questionnaire=qid),
        {"kind": "field_matrix", "text": "Matrix", "choices_text": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["choices_text"] == [
        _("Enter at least two options, one per line.")
    ]
    # editing with a stale version is a conflict, not an overwrite
    edit = url(world, "questionnaire_question_edit", questionnaire=qid, question=first.public_id)
    page = client.get(edit)
    assert page.status_code == 200
    assert "Jugend\nSoziales" in page.content.decode()
    ok = client.post(
        edit,
        {
            "kind": "single",
            "text": "Arbeitsbereich?",
            "choices_text": "Jugend\nSoziales",
            "section": section.pk,
            "version": first.version,
        },
    )
    assert ok.status_code == 302
    stale = client.post(
        edit,
        {
            "kind": "single",
            "text": "Anders?",
            "choices_text": "Jugend\nSoziales",
            "section": section.pk,
            "version": first.version,
        },
    )
    assert stale.status_code == 409
    first.refresh_from_db()
    assert first.text == "Arbeitsbereich?"
    detail = client.get(url(world, "questionnaire_detail", questionnaire=qid)).content.decode()
    assert "Arbeitsbereich?" in detail and "Welche Jugendangebote?" in detail


def test_preview_shows_the_form_and_saves_nothing(world: World, client_for: Any) -> None:
    built = make_questionnaire(world)
    client = client_for("coordinator_a")
    preview = url(world, "questionnaire_preview", questionnaire=built.questionnaire.public_id)
    page = client.get(preview).content.decode()
    assert f'name="{logic.field_name(built.role)}"' in page
    assert f'data-condition-name="{logic.field_name(built.barriers)}"' in page
    assert "Sprache und Bildung Alpha" in page  # a matrix row
    before = AuditEntry.objects.count()
    response = client.post(preview, {logic.field_name(built.barriers): "yes", "submit": "1"})
    assert response.status_code == 200
    errors = response.context["errors"]
    assert errors[built.key(built.role)] == _("This question must be answered.")
    assert errors[built.key(built.languages)] == _("This question must be answered.")
    assert AuditEntry.objects.count() == before
    assert not built.questionnaire.responses.exists()


def test_builder_is_for_coordinators(world: World, client_for: Any) -> None:
    built = make_questionnaire(world)
    detail = url(world, "questionnaire_detail", questionnaire=built.questionnaire.public_id)
    assert client_for("contributor_a").get(detail).status_code == 403
    assert client_for("coordinator_b").get(detail).status_code == 403
    results = url(world, "questionnaire_results", questionnaire=built.questionnaire.public_id)
    assert client_for("council_a").get(results).status_code == 200
    other = reverse(
        "participation:questionnaire_results",
        kwargs={"body": world.b.body.slug, "questionnaire": built.questionnaire.public_id},
    )
    assert client_for("coordinator_b").get(other).status_code == 404


def test_anonymity_cannot_change_once_invitations_exist(world: World) -> None:
    built = make_questionnaire(world)
    user = world.users["coordinator_a"]
    services.invitation_create(user=user, questionnaire=built.questionnaire, email="a@example.org")
    with pytest.raises(ValidationError) as error:
        services.questionnaire_update(
            user=user,
            questionnaire=built.questionnaire,
            expected_version=built.questionnaire.version,
            data={"anonymous": True},
        )
    assert error.value.message_dict["anonymous"] == [
        _("Anonymity cannot change once invitations have been made.")
    ]
    built.questionnaire.refresh_from_db()
    assert not built.questionnaire.anonymous
