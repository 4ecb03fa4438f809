"""The public concept marks the measures that came from participation and highlights one
channel on request — as the seed concept prints the KMV's contributions in bold."""

import pytest
from django.core.management import call_command
from django.test import Client

from teilhabe.concepts.models import Edition
from teilhabe.participation.models import Proposal

pytestmark = pytest.mark.django_db


def _item(html: str, title: str) -> str:
    start = html.rindex("<li", 0, html.index(title))
    return html[start : html.index("</li>", start)]


def test_the_demo_concept_by_channel() -> None:
    """One test on one demo load (loading the demo takes seconds)."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    page = Client().get("/wesermarsch/?channel=migrant_council")
    html = page.content.decode()
    assert page.status_code == 200
    item = _item(html, "<strong>weiterführende Sprachkurse</strong>")
    assert 'class="highlighted"' in item and "<strong>" in item
    assert "aus der Beteiligung: Migrationsvertretung" in item
    # exactly one measure came from the KMV in the demo
    assert html.count('class="highlighted"') == 1
    assert '<option value="migrant_council" selected>' in html

    # without a channel nothing is highlighted, but the origin is still shown
    html = Client().get("/wesermarsch/").content.decode()
    assert 'class="highlighted"' not in html
    assert "aus der Beteiligung: Migrationsvertretung" in html
    # an unknown channel is ignored, not an error
    assert Client().get("/wesermarsch/?channel=nonsense").status_code == 200

    # a proposal that was not adopted marks nothing
    proposal = Proposal.objects.get(measure__key="sbb-m2-kmv")
    Proposal.objects.filter(pk=proposal.pk).update(outcome=Proposal.Outcome.REJECTED)
    html = Client().get("/wesermarsch/?channel=migrant_council").content.decode()
    assert "aus der Beteiligung" not in html
    # a draft edition's origins are never shown (the portal shows public editions only)
    assert not Edition.objects.filter(status="draft", concept__body__slug="wesermarsch").exists()
