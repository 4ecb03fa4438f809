"""Demo: a sample questionnaire in the Wesermarsch participation process.

Seed 001 says that the district administration was asked by questionnaire ("Beteiligung der
Kreisverwaltung – Fragebogen"), but not what it asked. So this questionnaire is marked as
sample data (``is_sample``; the pages say "Beispieldaten"): its questions only show how the
builder works. It has no invitations and no answers — none are invented.

Call it after ``participation.demo.load`` (it needs that process): ``load(out=out)``.
"""

from __future__ import annotations

from collections.abc import Callable

from teilhabe.core.demo import AGENT

from ..demo import TITLE as PROCESS_TITLE
from ..demo import WESERMARSCH_AGS
from ..models import Process, Question, Questionnaire
from . import services

TITLE = "Beispiel: Fragebogen an die Fachdienste der Kreisverwaltung"
INTRODUCTION = (
    "Beispieldaten: Die Quellen sagen nur, dass die Kreisverwaltung per Fragebogen beteiligt "
    "wurde, nicht, was gefragt wurde. Dieser Fragebogen zeigt, wie ein solcher Fragebogen hier "
    "aufgebaut werden kann; er ist nicht der des Landkreises."
)
Kind = Question.Kind


def load(*, out: Callable[[str], None]) -> Questionnaire | None:
    process = Process.objects.filter(
        edition__concept__body__territory__ags=WESERMARSCH_AGS, title=PROCESS_TITLE
    ).first()
    if process is None:
        out("Fragebogen: kein Wesermarsch-Beteiligungsprozess gefunden, übersprungen.")
        return None
    existing = Questionnaire.objects.filter(process=process, title=TITLE).first()
    if existing is not None:
        out(f"Fragebogen: „{TITLE}“ gibt es schon.")
        return existing
    q = services.questionnaire_create(
        user=None,
        process=process,
        title=TITLE,
        introduction=INTRODUCTION,
        is_sample=True,
        agent=AGENT,
    )
    work = services.section_create(
        user=None, questionnaire=q, title="Ihr Fachdienst und Zugewanderte", agent=AGENT
    )
    fields = services.section_create(
        user=None, questionnaire=q, title="Themenfelder des Konzeptes", agent=AGENT
    )

    def add(section: object, **data: object) -> Question:
        return services.question_create(
            user=None, questionnaire=q, data={"section": section, **data}, agent=AGENT
        )

    add(
        work,
        kind=Kind.SINGLE,
        text="Wie oft hat Ihr Fachdienst mit zugewanderten Menschen zu tun?",
        choices=["täglich", "wöchentlich", "seltener", "nie"],
        required=True,
    )
    barriers = add(
        work,
        kind=Kind.YES_NO,
        text="Gibt es im Kontakt mit Zugewanderten Sprachbarrieren?",
        required=True,
    )
    add(
        work,
        kind=Kind.MULTIPLE,
        text="Was würde helfen?",
        choices=["Dolmetschende", "übersetzte Formulare", "Schulungen", "Leichte Sprache"],
        condition_question=barriers,
        condition_value="yes",
    )
    add(
        work,
        kind=Kind.SCALE,
        text="Wie gut sind die Angebote Ihres Fachdienstes für Zugewanderte zugänglich?",
        help_text="1 = gar nicht, 5 = sehr gut",
    )
    add(
        fields,
        kind=Kind.FIELD_MATRIX,
        text="Wie stark betreffen die Themenfelder Ihre Arbeit?",
        choices=["stark", "etwas", "nicht"],
    )
    add(fields, kind=Kind.TEXT, text="Welche Maßnahmen schlagen Sie vor?")
    out(f"Fragebogen: „{TITLE}“ (Beispieldaten, ohne Antworten) angelegt.")
    return q
