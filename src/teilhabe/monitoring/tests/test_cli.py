"""The command line: stats_import and observations."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from teilhabe.monitoring.models import Observation
from teilhabe.monitoring.services import catalogue_ensure

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def catalogue(db):  # type: ignore[no-untyped-def]
    catalogue_ensure()


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_stats_import_dry_run_then_real(catalogue) -> None:  # type: ignore[no-untyped-def]
    files = [
        str(FIXTURES / "12521-0040_auslaender_kreise_latin1.csv"),
        str(FIXTURES / "ffcsv_12411_bevoelkerung.csv"),
    ]
    out = run("stats_import", *files, "--dry-run")
    assert "würde importieren: 12 Werte" in out
    assert "würde importieren: 24 Werte" in out
    assert not Observation.objects.exists()
    out = run("stats_import", *files)
    assert "importiert: 12 Werte – 12 neu" in out
    assert "12 abgeleitete Werte berechnet" in out
    out = run("observations", "--ags", "03461", "--indicator", "foreigners_share")
    lines = out.splitlines()
    assert lines[0] == "indicator;ags;period;value;source"
    assert lines[2].startswith("foreigners_share;03461;2023;11,37;")
    out = run("observations", "--ags", "03461")
    assert "foreigners_azr_31_12;03461;2023;10155;" in out


def test_stats_import_error_names_line(catalogue, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        (FIXTURES / "12521-0040_auslaender_kreise_latin1.csv")
        .read_bytes()
        .replace(b";15905", b";15,9,05")
    )
    with pytest.raises(CommandError, match=r"bad.csv: .*14"):
        run("stats_import", str(bad))
    assert not Observation.objects.exists()


def test_observations_unknown_ags(catalogue) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError):
        run("observations", "--ags", "09999")
