"""Services: keys, population import, periods, credits, quotas, assignments, CSV imports."""

import datetime
import decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from teilhabe.core.models import AuditEntry, Territory
from teilhabe.reception import assignments, services
from teilhabe.reception.models import AllocationKey, Assignment, Quota

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_published_ks_keys_load_with_key_and_applied_year(db):
    keys = services.ks_load_published(agent="test")
    assert len(keys) == 11
    ks2019 = AllocationKey.objects.get(slug="ks2019")
    assert (ks2019.key_year, ks2019.applied_year) == (2019, 2020)
    assert "2022–2025" in ks2019.applied_note
    assert ks2019.publication == "BAnz AT 06.05.2021 B8"
    ni = ks2019.shares.get(territory__ags="03")
    assert ni.share == decimal.Decimal("9.39533")
    assert sum(s.share for s in ks2019.shares.all()) == 100
    assert services.ks_load_published(agent="test")[0].pk == keys[0].pk  # idempotent
    assert AuditEntry.objects.filter(object_type="reception.allocationkey").count() == 11


def test_laender_population_keys(db):
    keys = services.laender_population_load(agent="test")
    assert len(keys) == 6
    key = AllocationKey.objects.get(slug="ew-laender-2024-12-31")
    assert key.shares.count() == 16
    assert key.shares.get(territory__ags="03").population > 7_000_000


def test_key_shares_not_summing_to_100_refused(db):
    with pytest.raises(ValidationError, match="99,99999 % instead of 100 %"):
        services.key_create(
            user=None,
            slug="bad",
            name="bad",
            kind="custom",
            source="x",
            shares=[
                services.ShareInput("03", decimal.Decimal("50")),
                services.ShareInput("05", decimal.Decimal("49.99999")),
            ],
        )
    assert not AllocationKey.objects.filter(slug="bad").exists()


def test_key_duplicate_ags_refused(db):
    with pytest.raises(ValidationError, match="03 occurs twice"):
        services.key_create(
            user=None,
            slug="dup",
            name="dup",
            kind="custom",
            source="x",
            shares=[
                services.ShareInput("03", decimal.Decimal("50")),
                services.ShareInput("03", decimal.Decimal("50")),
            ],
        )


def test_key_compute(db):
    key = services.key_compute(
        user=None,
        slug="ks-test",
        name="KS Test",
        key_year=2030,
        source="Testwerte",
        inputs={"03": (100, 300), "05": (200, 100), "09": (333, 777)},
    )
    assert sum(s.share for s in key.shares.all()) == 100
    assert key.applied_year == 2031
    assert key.decimals == 5


def test_population_import_german_excel(rworld):
    key = rworld.key
    assert key.kind == "population"
    assert key.parent.ags == "03"
    assert key.population_date == datetime.date(2023, 12, 31)
    assert key.shares.get(territory__ags="03990").population == 100_000
    assert Territory.objects.get(ags="03992").name == "Stadt Musterburg"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"ags;name;population;stand\n03990;A;abc;31.12.2023\n", "Line 2, field population"),
        (b"ags;name;population;stand\n03990;A;1;31.12.2023\n03990;B;2;31.12.2023\n", "Line 3"),
        (b"ags;name;population;stand\n3x;A;1;31.12.2023\n", "Line 2, field ags"),
        (b"ags;name;population\n03990;A;1\n", "columns stand are missing"),
        (b"ags;name;population;stand\n03990;A;1;2023\n", "Line 2, field stand"),
    ],
)
def test_population_import_bad_input(db, content, message):
    before = Territory.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.population_import(user=None, content=content, source="x")
    assert any(message in m for m in exc.value.messages), exc.value.messages
    assert Territory.objects.count() == before


def test_allocate_with_credits_and_surplus(rworld):
    period = rworld.period
    a = Territory.objects.get(ags="03990")
    c = Territory.objects.get(ags="03992")
    services.credit_add(user=None, period=period, territory=a, kind="carry_over", persons=127)
    services.credit_add(user=None, period=period, territory=c, kind="facility", persons=-200)
    quotas = {q.territory.ags: q for q in services.quota_allocate(user=None, period=period)}
    # 1000 by 100.000 : 50.000 : 25.000 → 571,43 / 285,71 / 142,86 → 571 / 286 / 143
    assert [quotas[x].population_share for x in ("03990", "03991", "03992")] == [571, 286, 143]
    assert quotas["03990"].quota == 698
    assert quotas["03992"].quota == 0
    assert quotas["03992"].carried_forward == -57
    exp = quotas["03991"].explanation
    assert exp["floor"] == 285 and exp["extra"] == 1 and exp["method"] == "hare-niemeyer/v1"
    assert exp["exact"] == "285.7143"
    # recomputing replaces the quotas
    services.quota_allocate(user=None, period=period)
    assert Quota.objects.filter(period=period).count() == 3


def test_negative_total_refused(rworld):
    with pytest.raises(ValidationError, match="must not be negative"):
        services.period_create(
            user=None,
            body=rworld.land,
            name="x",
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2025, 6, 30),
            total=-5,
            key=rworld.key,
        )


def test_territory_without_population_refused(rworld):
    share = rworld.key.shares.get(territory__ags="03991")
    share.population = None
    share.save()
    with pytest.raises(ValidationError, match="No population is stored for: Landkreis Probemoor"):
        services.quota_allocate(user=None, period=rworld.period)


def test_carry_over_into_next_period(rworld):
    period = rworld.period
    services.quota_allocate(user=None, period=period)
    a = Territory.objects.get(ags="03990")
    assignments.assignment_record(
        user=None, period=period, territory=a, date=datetime.date(2024, 11, 1), persons=500
    )
    services.period_publish(user=None, period=period)
    nxt = services.period_create(
        user=None,
        body=rworld.land,
        name="next",
        start=datetime.date(2025, 4, 1),
        end=datetime.date(2025, 9, 30),
        total=0,
        key=rworld.key,
        previous=period,
    )
    quotas = {q.territory.ags: q for q in services.quota_allocate(user=None, period=nxt)}
    assert quotas["03990"].carry_over == 571 - 500
    assert quotas["03990"].quota == 71
    assert quotas["03991"].quota == 286


def test_published_period_cannot_be_recomputed(rworld):
    services.quota_allocate(user=None, period=rworld.period)
    services.period_publish(user=None, period=rworld.period)
    with pytest.raises(ValidationError, match="published period"):
        services.quota_allocate(user=None, period=rworld.period)


def test_assignment_csv_all_or_nothing_names_the_row(rworld):
    services.quota_allocate(user=None, period=rworld.period)
    content = (
        "\ufeffags;datum;personen;bemerkung\r\n"
        "03990;04.11.2024;12;Woche 45\r\n"
        "03999;05.11.2024;3;\r\n"
        "03991;06.11.2024;x;\r\n"
    ).encode()
    with pytest.raises(ValidationError) as exc:
        assignments.assignment_import_csv(user=None, period=rworld.period, content=content)
    assert exc.value.messages == [
        "Line 3, field ags: unknown AGS “03999” (no quota in this period).",
        "Line 4, field personen: “x” is not a number greater than 0.",
    ]
    assert Assignment.objects.count() == 0


def test_assignment_csv_cp1252(rworld):
    services.quota_allocate(user=None, period=rworld.period)
    content = "ags;datum;personen;bemerkung\r\n3990;04.11.2024;12;Zuweisung Größe\r\n".encode(
        "cp1252"
    )
    created = assignments.assignment_import_csv(user=None, period=rworld.period, content=content)
    assert created[0].territory.ags == "03990"
    assert created[0].note == "Zuweisung Größe"
    assert AuditEntry.objects.filter(action="import").exists()


def test_district_may_not_import_for_another(rworld):
    services.quota_allocate(user=None, period=rworld.period)
    own = {Territory.objects.get(ags="03990").pk}
    with pytest.raises(ValidationError, match="Line 2, field ags: you may not"):
        assignments.assignment_import_csv(
            user=None,
            period=rworld.period,
            content="ags;datum;personen\n03991;04.11.2024;1\n",
            allowed=own,
        )
