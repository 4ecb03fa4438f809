"""The sample questionnaire of the Wesermarsch demo: marked as sample data, no answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.concepts import services as concept_services
from teilhabe.concepts.models import FieldOfAction
from teilhabe.core.models import Role
from teilhabe.core.services import body_create, membership_create, user_create
from teilhabe.participation import demo as process_demo
from teilhabe.participation import services as process_services
from teilhabe.participation.models import Invitation, Question, Response
from teilhabe.participation.questionnaires import demo, logic

pytestmark = pytest.mark.django_db


def test_sample_questionnaire_is_labelled_and_has_no_answers(db: Any) -> None:
    body = body_create(user=None, name="Landkreis Wesermarsch", kind="landkreis", ags="03461")
    user = user_create(acting_user=None, username="k", password="pw-k-12345")
    membership_create(acting_user=None, user=user, body=body, role=Role.COORDINATOR)
    concept = concept_services.concept_create(user=user, body=body, title="Integrationskonzept")
    edition = concept_services.edition_create(
        user=user, concept=concept, label="2024", title="Integrationskonzept 2024"
    )
    concept_services.item_create(
        user=user, model=FieldOfAction, edition=edition, data={"title": "Sprache"}
    )
    process_services.process_create(user=user, edition=edition, title=process_demo.TITLE)
    lines: list[str] = []
    questionnaire = demo.load(out=lines.append)
    assert questionnaire is not None and questionnaire.is_sample
    assert demo.load(out=lines.append) == questionnaire  # idempotent
    assert questionnaire.questions.count() == 6
    assert {q.kind for q in questionnaire.questions.all()} == set(Question.Kind.values)
    assert not Invitation.objects.exists() and not Response.objects.exists()
    conditional = questionnaire.questions.get(text="Was würde helfen?")
    assert logic.condition_met(["yes"], conditional.condition_value)
    client = Client()
    client.force_login(user)
    page = client.get(
        reverse(
            "participation:questionnaire_detail",
            kwargs={"body": body.slug, "questionnaire": questionnaire.public_id},
        )
    )
    assert _("sample data") in page.content.decode()
