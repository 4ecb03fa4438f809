"""The population of the 45 Kreise of Niedersachsen shipped with the app (LSN, 31.12.2024),
the demo and CLI that use it, and the re-import of a population key (soft delete)."""

import csv
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.http import Http404

from teilhabe.core.models import AuditEntry, Body, Territory
from teilhabe.reception import demo, keys, selectors, services
from teilhabe.reception.models import AllocationKey, Credit, KeyShare

pytestmark = pytest.mark.django_db

#: The LSN Land total for 31.12.2024 (same file, row K030 "Niedersachsen").
LSN_TOTAL_2024 = 8_010_686
#: The eight kreisfreie Städte and the Region Hannover.
CITIES = {"03101", "03102", "03103", "03401", "03402", "03403", "03404", "03405"}


def test_shipped_table_has_all_45_kreise_and_the_lsn_total():
    rows = services.parse_population_csv(services.NI_KREISE_FILE.read_bytes())
    ags = [r.ags for r in rows]
    assert len(ags) == len(set(ags)) == 45
    assert all(a.startswith("03") and len(a) == 5 for a in ags)
    assert CITIES | {"03241"} <= set(ags)
    assert sum(1 for r in rows if r.name.startswith("Landkreis ")) == 36
    assert {r.stand for r in rows} == {datetime.date(2024, 12, 31)}
    assert sum(r.population for r in rows) == LSN_TOTAL_2024
    by_ags = {r.ags: r.population for r in rows}
    # the same LSN figures as shared/data/kreise_integration_indikatoren.csv
    assert (by_ags["03157"], by_ags["03357"], by_ags["03461"]) == (137_157, 165_945, 88_967)


def test_difference_to_destatis_for_the_same_stand_is_documented():
    with services.LAENDER_POPULATION_FILE.open(encoding="utf-8", newline="") as f:
        destatis = next(
            int(r["population"])
            for r in csv.DictReader(f)
            if r["land"] == "Niedersachsen" and r["stichtag"] == "31.12.2024"
        )
    assert LSN_TOTAL_2024 - destatis == 6_197
    assert "+6.197" in keys.NI_KREISE_SOURCE


def test_loader_is_idempotent_with_source_and_licence(db):
    key = services.ni_kreise_population_load(agent="test")
    assert services.ni_kreise_population_load(agent="test").pk == key.pk
    assert key.slug == "ew-03-2024-12-31"
    assert key.parent.ags == "03" and key.level == Territory.Level.KREIS
    assert key.population_date == datetime.date(2024, 12, 31)
    assert "Landesamt für Statistik Niedersachsen" in key.source
    assert "2422d87a676b7b5f764d47778a02b1c40177cac8" in key.source
    assert "dl-de/by-2-0" in key.licence
    assert key.shares.count() == 45
    assert sum(s.population for s in key.shares.all()) == LSN_TOTAL_2024
    assert Territory.objects.get(ags="03241").name == "Region Hannover"
    assert Territory.objects.filter(parent__ags="03", level="kreis").count() == 45


def run(*args):
    out = StringIO()
    call_command("quota_allocate", *args, stdout=out)
    return out.getvalue()


def test_cli_distributes_to_the_45_kreise_after_the_demo(db):
    """10/2024–3/2025, new contingent 11.000 (domain.md A4). By population alone Peine's share
    is 188,34 → 188 and the Region Hannover's 1.566. The published new quotas (Peine 210,
    Region Hannover 2.273 − 855 = 1.418) are not population shares of 11.000: the LAB's further
    inputs are not published, so they cannot be reproduced (docs/reception.md)."""
    demo.load(out=lambda _s: None)
    text = run(
        "--total", "11000", "--period", "2024-10-01:2025-03-31", "--level", "kreis",
        "--parent", "03", "--csv",
    )  # fmt: skip
    rows = {r.split(";")[0]: r.split(";") for r in text.strip().splitlines()[1:]}
    assert len(rows) == 45
    assert sum(int(r[-1]) for r in rows.values()) == 11_000
    assert rows["03157"][1] == "Landkreis Peine"
    assert rows["03157"][3] == "188,3393" and rows["03157"][-1] == "188"
    assert rows["03241"][-1] == "1566"
    table = run(
        "--total", "11000", "--period", "2024-10-01:2025-03-31", "--level", "kreis",
        "--parent", "03",
    )  # fmt: skip
    assert "Einwohner" in table and "Summe: 11000" in table


def test_peine_10_2024_unterquote_is_added_to_the_population_share(db):
    """Peine 10/2024: new quota + Unterquote 127 (domain.md A3/A4). With the LSN population the
    new share is 188 (published: 210); the Unterquote of 127 is added as published."""
    demo.load(out=lambda _s: None)
    land = Body.objects.get(territory__ags="03")
    key = AllocationKey.objects.get(slug="ew-03-2024-12-31")
    period = services.period_create(
        user=None,
        body=land,
        name="Verteilzeitraum 10/2024",
        start=datetime.date(2024, 10, 1),
        end=datetime.date(2025, 3, 31),
        total=11_000,
        key=key,
    )
    services.credit_add(
        user=None,
        period=period,
        territory=Territory.objects.get(ags="03157"),
        kind=Credit.Kind.CARRY_OVER,
        persons=127,
    )
    quotas = {q.territory.ags: q for q in services.quota_allocate(user=None, period=period)}
    peine = quotas["03157"]
    assert (peine.population_share, peine.carry_over, peine.quota) == (188, 127, 315)
    assert peine.explanation["population_date"] == "2024-12-31"
    assert sum(q.population_share for q in quotas.values()) == 11_000


POPULATION_V1 = "ags;name;population;stand\n03990;Landkreis Testheide;100;31.12.2023\n"
POPULATION_V2 = "ags;name;population;stand\n03990;Landkreis Testheide;120;31.12.2023\n"


def test_reimport_soft_deletes_the_unused_old_key_with_an_audit_entry(db):
    old = services.population_import(user=None, content=POPULATION_V1, source="Test 1")
    old_share = old.shares.get()
    new = services.population_import(user=None, content=POPULATION_V2, source="Test 2")
    assert new.pk != old.pk and new.slug == old.slug
    kept = AllocationKey.all_objects.get(pk=old.pk)
    assert kept.is_deleted and kept.source == "Test 1"
    share = KeyShare.all_objects.get(pk=old_share.pk)
    assert share.is_deleted and share.population == 100
    entry = AuditEntry.objects.get(object_id=old.public_id, action="delete")
    assert entry.changes["shares"] == [1, None]
    assert selectors.key_get(slug=new.slug).pk == new.pk
    assert selectors.key_shares(new).get().population == 120
    assert [k.pk for k in selectors.key_list()] == [new.pk]
    with pytest.raises(Http404):
        selectors.key_get(slug="ew-03-2023-12-31-alt")
