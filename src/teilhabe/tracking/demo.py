"""Demo data of tracking: the budget lines the seed documents state, nothing else.

No progress updates: the seeds report none. Each line carries the seed sentence in
``source_note`` and only the amounts the seed states; a line whose field of action or
measure is not in the demo edition is skipped with a message (never attached elsewhere); a
line the seed states for the concept as a whole (Peine's participation process) has neither.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from teilhabe.concepts.models import Edition, FieldOfAction, Measure
from teilhabe.core.demo import AGENT, Login

from .budget import budget_line_create
from .models import BudgetLine, FundingSource


@dataclass(frozen=True)
class SeedLine:
    ags: str
    edition_label: str
    #: key of the field of action or of the measure the seed puts the money under
    field_key: str = ""
    measure_key: str = ""
    year: int = 0
    label: str = ""
    amounts: tuple[tuple[str, Decimal], ...] = ()
    account: str = ""
    funding_source: str = ""
    source_note: str = ""


SEED_LINES = [
    SeedLine(
        ags="03357",
        edition_label="2023",
        field_key="sprache-bildung",
        year=2024,
        label="Sprachkurse (Mittel des Kreistages für das Handlungsfeld Sprache und Bildung)",
        # "zur Verfügung gestellt" by the Kreistag: in the budget and approved.
        amounts=(("planned", Decimal(1_000_000)), ("approved", Decimal(1_000_000))),
        funding_source=FundingSource.KREIS,
        source_note=(
            "Vorlage „Migration/Integration im Landkreis Rotenburg (Wümme); Strategische "
            "Schwerpunktsetzung des Integrationskonzeptes“ (2024), Beschlussvorschlag: „Die vom "
            "Kreistag für das Jahr 2024 für Sprachkurse zur Verfügung gestellten Mittel in Höhe "
            "von 1 Mio. € sollen zur Umsetzung des gesamten Handlungsfeldes eingesetzt werden.“"
        ),
    ),
    SeedLine(
        ags="03461",
        edition_label="2024",
        measure_key="thu-m3",
        year=2024,
        label="Finanzielle Ausstattung der Koordinierungsstelle",
        # A measure of the concept: the money is asked for (planned), not approved.
        amounts=(("planned", Decimal(10_000)),),
        source_note=(
            "Präsentation des Integrationskonzeptes 2024 im Ausschuss für Soziales, Gesundheit, "
            "Integration, Themenunabhängige Maßnahmen: „Finanzielle Ausstattung der "
            "Koordinierungsstelle mit mindestens 10.000€ zur Wahrnehmung ihrer Aufgaben“. "
            "Die Quelle nennt weder Haushaltsjahr noch Finanzierungsquelle; die Zeile steht "
            "unter dem Jahr des Integrationskonzeptes (2024), der Betrag ist ein Mindestbetrag."
        ),
    ),
    SeedLine(
        ags="03157",
        edition_label="2022 Teil 1",
        # The Vorlage states the cost of the concept's participation process: the whole concept.
        year=2022,
        label="Beteiligungsprozess (Teil 2 des Integrationskonzeptes)",
        # "Im Budget enthalten: ja" – "Kosten (Betrag in €): 6.000 €"
        amounts=(("planned", Decimal(6000)), ("approved", Decimal(6000))),
        account="4271200, 4271305",
        funding_source=FundingSource.KREIS,
        source_note=(
            "Beschlussvorlage 2022/094 vom 30.05.2022: „Im Budget enthalten: ja – Kosten "
            "(Betrag in €): 6.000 €“; „Die in dem Integrationskonzept dargestellte Vorgehen bzw. "
            "Maßnahme des Beteiligungsprozesses kann aus dem Etat des Referats 2 – Migration und "
            "Teilhabe beglichen werden. Produktsachkonto: 4271200 Öffentlichkeitsarbeit "
            "Produktsachkonto: 4271305 Projektkosten Integration“"
        ),
    ),
]


def _target(edition: Edition, seed: SeedLine) -> dict[str, object] | None:
    if not seed.measure_key and not seed.field_key:
        return {"field": None, "measure": None}  # the whole concept
    if seed.measure_key:
        measure = Measure.objects.filter(edition=edition, key=seed.measure_key).first()
        if measure is not None:
            return {"measure": measure, "field": None}
    if seed.field_key:
        field = FieldOfAction.objects.filter(edition=edition, key=seed.field_key).first()
        if field is not None:
            return {"field": field, "measure": None}
    return None


def load(*, out: Callable[[str], None]) -> list[Login]:
    for seed in SEED_LINES:
        edition = Edition.objects.filter(
            concept__body__territory__ags=seed.ags, label=seed.edition_label
        ).first()
        if edition is None:
            out(f"Haushalt: Ausgabe „{seed.edition_label}“ ({seed.ags}) fehlt, übersprungen.")
            continue
        if BudgetLine.all_objects.filter(edition=edition, label=seed.label).exists():
            out(f"Haushalt: „{seed.label}“ gibt es schon.")
            continue
        target = _target(edition, seed)
        if target is None:
            out(
                f"Haushalt: „{seed.label}“ übersprungen – die Demo-Ausgabe "
                f"„{edition.label}“ hat kein Handlungsfeld und keine Maßnahme, unter die die "
                "Quelle den Betrag stellt."
            )
            continue
        data: dict[str, object] = {
            **target,
            "year": seed.year,
            "label": seed.label,
            "account": seed.account,
            "funding_source": seed.funding_source,
            "source_note": seed.source_note,
            **dict(seed.amounts),
        }
        budget_line_create(user=None, agent=AGENT, edition=edition, data=data)
        out(f"Haushalt: „{seed.label}“ ({edition.concept.body.name}) angelegt.")
    return []
