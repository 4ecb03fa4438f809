"""The tracking demo: the seeds' budget amounts, attached where the seeds put them."""

from decimal import Decimal

import pytest

from teilhabe.concepts import demo as concepts_demo
from teilhabe.concepts.models import Focus
from teilhabe.tracking import demo
from teilhabe.tracking.models import BudgetLine, ProgressUpdate

pytestmark = pytest.mark.django_db


def test_demo_budget_lines_from_the_seeds() -> None:
    messages: list[str] = []
    concepts_demo.load(out=lambda _m: None)
    demo.load(out=messages.append)

    rotenburg = BudgetLine.objects.get(edition__concept__body__territory__ags="03357")
    assert (rotenburg.field.key, rotenburg.measure, rotenburg.year) == (
        "sprache-bildung",
        None,
        2024,
    )
    assert rotenburg.approved == Decimal(1_000_000)
    assert rotenburg.spent == Decimal(0) and rotenburg.committed == Decimal(0)
    assert "1 Mio. €" in rotenburg.source_note

    wesermarsch = BudgetLine.objects.get(edition__concept__body__territory__ags="03461")
    assert wesermarsch.measure.key == "thu-m3"
    assert wesermarsch.planned == Decimal(10_000)
    assert wesermarsch.approved == Decimal(0)  # the seed asks for the money, nothing more
    assert wesermarsch.funding_source == ""  # the seed does not say
    assert "mindestens 10.000€" in wesermarsch.source_note

    # Peine's Vorlage states the cost of the participation process: the whole concept.
    peine = BudgetLine.objects.get(edition__concept__body__territory__ags="03157")
    assert (peine.edition.label, peine.field, peine.measure, peine.year) == (
        "2022 Teil 1",
        None,
        None,
        2022,
    )
    assert peine.planned == peine.approved == Decimal(6000)
    assert "6.000 €" in peine.source_note

    assert not ProgressUpdate.objects.exists()  # the seeds report no progress
    assert Focus.objects.filter(
        edition__concept__body__territory__ags="03357", year=2024, field__key="sprache-bildung"
    ).exists()

    count = BudgetLine.objects.count()
    demo.load(out=messages.append)
    assert BudgetLine.objects.count() == count  # idempotent


def test_whole_concept_line_is_its_own_row_of_the_totals() -> None:
    from teilhabe.tracking.budget import budget_totals

    concepts_demo.load(out=lambda _m: None)
    demo.load(out=lambda _m: None)
    line = BudgetLine.objects.get(edition__concept__body__territory__ags="03157")
    totals = budget_totals([line])
    [row] = totals.rows()
    assert row["field"] is None
    assert str(row["label"]) in {"Whole concept", "Gesamtkonzept"}
    assert row["sum"].approved == Decimal(6000)
