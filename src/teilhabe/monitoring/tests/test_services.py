"""Imports (preview, all or nothing, revisions, idempotence), derived values, targets, demo."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from teilhabe.core.models import AuditEntry, Territory
from teilhabe.monitoring import demo, selectors, services
from teilhabe.monitoring.models import ImportBatch, Indicator, Observation, Target

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AZR = FIXTURES / "12521-0040_auslaender_kreise_latin1.csv"
POPULATION = FIXTURES / "ffcsv_12411_bevoelkerung.csv"
NATURALISATIONS = FIXTURES / "12511-01-01-4_einbuergerungen_utf8bom.csv"


@pytest.fixture
def coordinator(world):  # type: ignore[no-untyped-def]
    services.catalogue_ensure()
    return world.users["coordinator_a"]


def do_import(world, user, path: Path, **kwargs):  # type: ignore[no-untyped-def]
    return services.stats_import(
        user=user, body=world.a.body, data=path.read_bytes(), filename=path.name, **kwargs
    )


def current(code: str, ags: str, year: int) -> Observation:
    return Observation.objects.get(
        indicator__code=code,
        indicator__body=None,
        territory__ags=ags,
        period=datetime.date(year, 12, 31),
        is_current=True,
    )


def test_catalogue_is_preloaded_with_statistics(db) -> None:  # type: ignore[no-untyped-def]
    services.catalogue_ensure()
    catalogue = Indicator.objects.filter(body=None)
    assert catalogue.count() >= 20
    assert not catalogue.filter(source_statistic="").exists()
    share = catalogue.get(code="foreigners_share")
    assert share.is_derived
    assert "÷" in services.method_text(share)
    assert services.catalogue_ensure() == 0


def test_dry_run_writes_nothing(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    result = do_import(world, coordinator, AZR, dry_run=True)
    assert (result.rows, result.new) == (12, 12)
    assert result.matched[0][0] == "foreigners_azr_31_12"
    assert len(result.aggregates) == 3
    assert ("03461", "Wesermarsch, Landkreis") in result.new_territories
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()
    assert not Territory.objects.filter(ags="03461").exists()


def test_import_classic_then_ffcsv_computes_share(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    result = do_import(world, coordinator, AZR)
    assert result.new == 12
    assert current("foreigners_azr_31_12", "03461", 2023).value == Decimal(10155)
    assert "12521-0040" in current("foreigners_azr_31_12", "03461", 2023).source
    result = do_import(world, coordinator, POPULATION)
    assert result.new == 24
    assert result.derived == 12  # the share for 4 areas × 3 years
    share = current("foreigners_share", "03461", 2023)
    assert share.value == Decimal("11.37")  # 10155 ÷ 89316 × 100, rounded half up to 2 places
    assert "÷" in share.source
    assert current("foreigners_share", "03", 2024).value == Decimal("13.65")
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).first()
    assert entry is not None
    assert entry.user == coordinator


def test_reimport_is_idempotent_and_a_change_is_a_revision(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    do_import(world, coordinator, AZR)
    again = do_import(world, coordinator, AZR)
    assert (again.new, again.revised, again.unchanged) == (0, 0, 12)
    assert Observation.objects.count() == 12
    changed = AZR.read_bytes().replace(
        b"2023;03461;    Wesermarsch, Landkreis;10155",
        b"2023;03461;    Wesermarsch, Landkreis;10055",
    )
    result = services.stats_import(user=coordinator, body=world.a.body, data=changed)
    assert (result.new, result.revised, result.unchanged) == (0, 1, 11)
    now = current("foreigners_azr_31_12", "03461", 2023)
    assert now.value == Decimal(10055)
    [old] = selectors.revisions(indicator=now.indicator, territory=now.territory)
    assert old.value == Decimal(10155)
    assert old.superseded_by == now


def test_one_bad_row_imports_nothing(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    bad = AZR.read_bytes().replace(b";16960", b";16.96O")
    with pytest.raises(ValidationError) as info:
        services.stats_import(user=coordinator, body=world.a.body, data=bad)
    [message] = info.value.messages
    assert "20" in message and "4" in message  # line 20, column 4
    assert not Observation.objects.exists()
    assert not Territory.objects.filter(ags="03461").exists()


def test_duplicate_value_is_refused(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    text = AZR.read_bytes().replace(b"2024;03;", b"2023;03;")
    with pytest.raises(ValidationError, match="17"):
        services.stats_import(user=coordinator, body=world.a.body, data=text)


def test_unit_that_does_not_match_is_refused(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    text = AZR.read_bytes().replace(b";;;Anzahl", b";;;Prozent")
    with pytest.raises(ValidationError, match="Prozent"):
        services.stats_import(user=coordinator, body=world.a.body, data=text)


def test_known_table_matches_catalogue(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    result = do_import(world, coordinator, NATURALISATIONS)
    assert result.new_indicators == []
    assert result.matched == [("einbuergerungen", "Einbürgerungen")]
    assert current("einbuergerungen", "03461", 2024).value == Decimal(134)
    assert result.derived == 0  # no AZR values yet: no naturalisation rate


def test_unknown_table_becomes_indicators_of_that_table(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    # a catalogue that does not know the table (as for any table it lacks)
    Indicator.objects.filter(body=None, table_code="12511-01-01-4").update(table_code="")
    result = do_import(world, coordinator, NATURALISATIONS)
    [(code, name, unit)] = result.new_indicators
    assert name == "12511-01-01-4: Eingebürgerte Personen / Insgesamt / Anzahl"
    assert unit == "persons"
    indicator = Indicator.objects.get(code=code, body=world.a.body)
    assert indicator.table_code == "12511-01-01-4"
    assert result.new == 20
    again = do_import(world, coordinator, NATURALISATIONS)
    assert (again.new_indicators, again.unchanged) == ([], 20)


def test_generic_csv_needs_known_indicators(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    data = "ags;jahr;wert;indikator\n03461;2023;134;einbuergerungen\n03461;2023;1;unbekannt\n"
    mapping = {"ags": "ags", "period": "jahr", "value": "wert", "indicator": "indikator"}
    with pytest.raises(ValidationError, match="unbekannt"):
        services.stats_import(
            user=coordinator, body=world.a.body, data=data.encode(), mapping=mapping
        )
    result = services.stats_import(
        user=coordinator,
        body=world.a.body,
        data=data.rsplit("03461", 1)[0].encode(),
        mapping=mapping,
    )
    assert result.new == 1


def test_unknown_layout_is_explained(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="GENESIS"):
        services.stats_import(user=coordinator, body=world.a.body, data=b"a;b\n1;2\n")


def test_compute_ratio_rounding() -> None:
    assert services.compute_ratio(Decimal(10155), Decimal(89316), Decimal(100), 2) == Decimal(
        "11.37"
    )
    assert services.compute_ratio(Decimal(1), Decimal(8), Decimal(100), 1) == Decimal("12.5")
    assert services.compute_ratio(Decimal(1), Decimal(16), Decimal(100), 2) == Decimal("6.25")
    assert services.compute_ratio(Decimal(1), Decimal(160), Decimal(100), 2) == Decimal("0.63")
    with pytest.raises(ZeroDivisionError):
        services.compute_ratio(Decimal(1), Decimal(0), Decimal(100), 2)


def test_own_indicator_and_update(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    indicator = services.indicator_create(
        user=coordinator,
        body=world.a.body,
        code="sprachcafe_teilnehmende",
        data={
            "name_de": "Teilnehmende Sprachcafé",
            "unit": "persons",
            "kind": "output",
            "shared": False,
        },
    )
    with pytest.raises(ValidationError):
        services.indicator_create(
            user=coordinator,
            body=world.a.body,
            code="sprachcafe_teilnehmende",
            data={"name_de": "x", "unit": "persons"},
        )
    updated = services.indicator_update(
        user=coordinator, indicator=indicator, expected_version=1, data={"shared": True}
    )
    assert updated.shared and updated.version == 2
    with pytest.raises(ValidationError):
        services.indicator_update(
            user=coordinator,
            indicator=Indicator.objects.get(body=None, code="population_31_12"),
            expected_version=1,
            data={"name_de": "x"},
        )


def test_target_and_status(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    do_import(world, coordinator, NATURALISATIONS)
    indicator = Indicator.objects.get(body=None, code="einbuergerungen")
    wesermarsch = Territory.objects.get(ags="03461")
    target = services.target_create(
        user=coordinator,
        body=world.a.body,
        indicator=indicator,
        territory=wesermarsch,
        goal=world.a.items["goal"],
        baseline_value=Decimal(73),
        baseline_year=2023,
        target_value=Decimal(150),
        due=datetime.date(2027, 12, 31),
    )
    status = selectors.target_status(target, datetime.date(2025, 1, 1))
    assert status.latest is not None and status.latest.value == Decimal(134)
    assert status.progress == Decimal(79)  # (134 - 73) / (150 - 73)
    assert status.status == "on_track"
    with pytest.raises(ValidationError):
        services.target_create(
            user=coordinator,
            body=world.a.body,
            indicator=indicator,
            territory=wesermarsch,
            goal=world.b.items["goal"],
            target_value=Decimal(1),
            due=datetime.date(2027, 1, 1),
        )
    with pytest.raises(ValidationError):
        services.target_create(
            user=coordinator,
            body=world.a.body,
            indicator=indicator,
            territory=wesermarsch,
            target_value=Decimal(1),
            due=datetime.date(2027, 1, 1),
        )
    assert Target.objects.count() == 1


def test_demo_loads_official_wesermarsch_figure(db) -> None:  # type: ignore[no-untyped-def]
    lines: list[str] = []
    assert demo.load(out=lines.append) == []
    obs = current("foreigners_azr_31_12", "03461", 2023)
    assert obs.value == Decimal(10155)
    assert "LSN" in obs.source or "IM_Data" in obs.source
    assert "10.055" in obs.note
    share = current("foreigners_share", "03461", 2023)
    assert share.value == Decimal("11.37")
    assert not Observation.objects.filter(value=Decimal(10055)).exists()
    count = Observation.objects.count()
    demo.load(out=lines.append)
    assert Observation.objects.count() == count


def test_municipal_values_link_to_their_district(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    """Test values (not real) for two made-up Gemeinden of the test district Alpha (03999)."""
    data = "ags;name;jahr;wert\n03999001;Gemeinde Alpha-Nord;2023;12\n03999002;Gemeinde Alpha-Süd;2023;-\n"
    mapping = {
        "ags": "ags",
        "area": "name",
        "period": "jahr",
        "value": "wert",
        "indicator_code": "einbuergerungen",
    }
    result = services.stats_import(
        user=coordinator, body=world.a.body, data=data.encode(), mapping=mapping
    )
    assert result.new == 2
    assert [t[0] for t in result.new_territories] == ["03999001", "03999002"]
    indicator = Indicator.objects.get(body=None, code="einbuergerungen")
    towns = selectors.municipalities_with_values(
        indicator=indicator, territory=world.a.body.territory
    )
    assert [t.name for t in towns] == ["Gemeinde Alpha-Nord", "Gemeinde Alpha-Süd"]
    assert all(t.parent == world.a.body.territory for t in towns)
    south = Observation.objects.get(territory__ags="03999002")
    assert (south.value, south.missing_reason) == (None, "-")
