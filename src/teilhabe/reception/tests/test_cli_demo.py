"""``manage.py quota_allocate`` and the demo loader."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from teilhabe.core.models import Membership
from teilhabe.core.services import territory_ensure
from teilhabe.reception import demo, services
from teilhabe.reception.models import AllocationKey

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("quota_allocate", *args, stdout=out)
    return out.getvalue()


def test_ks2019_to_the_laender(db):
    services.ks_load_published(agent="test")
    text = run("--total", "100000", "--period", "2025-01-01:2025-12-31", "--key", "ks2019")
    assert "Königsteiner Schlüssel 2019" in text
    assert "Summe: 100000" in text
    line = next(row for row in text.splitlines() if row.startswith("03 "))
    assert "Niedersachsen" in line and line.split()[-1] in ("9395", "9396")


def test_csv_output(db):
    services.ks_load_published(agent="test")
    text = run("--total", "1000", "--period", "2025-01-01:2025-12-31", "--key", "ks2020", "--csv")
    rows = text.strip().splitlines()
    assert rows[0] == "AGS;Gebiet;Gewicht;exakt;Rest-Rang;Quote"
    assert len(rows) == 17
    assert sum(int(r.split(";")[-1]) for r in rows[1:]) == 1000


def test_population_key_level_kreis(rworld):
    text = run(
        "--total", "1000", "--period", "2024-10-01:2025-03-31", "--level", "kreis", "--parent", "03"
    )
    assert "Summe: 1000" in text
    assert "Landkreis Testheide" in text


def test_territory_without_population_is_a_german_error(rworld):
    territory_ensure(ags="03352", name="Landkreis Cuxhaven")
    with pytest.raises(
        CommandError, match=r"Für Landkreis Cuxhaven \(03352\) ist keine Einwohnerzahl"
    ):
        run("--total", "1000", "--period", "2024-10-01:2025-03-31", "--parent", "03")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--total", "-1", "--period", "2024-10-01:2025-03-31", "--key", "ks2019"],
            "nicht negativ",
        ),
        (["--total", "1", "--period", "2024-10-01", "--key", "ks2019"], "kein Zeitraum"),
        (["--total", "1", "--period", "2025-10-01:2024-03-31", "--key", "ks2019"], "endet vor"),
        (
            ["--total", "1", "--period", "2024-10-01:2025-03-31", "--key", "ks1999"],
            "keinen Schlüssel",
        ),
    ],
)
def test_bad_arguments(db, args, message):
    services.ks_load_published(agent="test")
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_demo_is_idempotent(db):
    logins = demo.load(out=lambda _s: None)
    assert logins[0][0] == "niedersachsen-lab"
    assert AllocationKey.objects.filter(kind="koenigstein").count() == 11
    counts = (AllocationKey.objects.count(), Membership.objects.count())
    demo.load(out=lambda _s: None)
    assert (AllocationKey.objects.count(), Membership.objects.count()) == counts
