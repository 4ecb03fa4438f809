"""Benchmark (not a test): import a 1,000,000-row GENESIS flat file (ffcsv) into the database.

The file is SYNTHETIC: random values with a fixed seed for made-up municipalities with
AGS-like keys 99xxxxxx that do not exist and made-up variables BENCH01…; nothing here
describes real places or real statistics. Each row is labelled "synthetisch" in its
variable label.

It uses a scratch database and never the configured one:
- SQLite (default): a temporary file;
- PostgreSQL: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/test``; the script creates
  the database ``teilhabe_bench`` on that server and drops it afterwards.

    .venv/bin/python bench/stats_import.py [--rows 1000000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/stats_import.py
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

HEAD = (
    "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;"
    "1_variable_label;1_variable_attribute_code;1_variable_attribute_label;value;value_unit;"
    "value_variable_code;value_variable_label;value_q\n"
)


def synthetic_ffcsv(path: Path, rows: int, seed: int = 2026) -> None:
    """``rows`` records: municipalities × 40 years × 10 variables (synthetic)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data
    variables, years = 10, 40
    municipalities = max(1, rows // (variables * years))
    written = 0
    with path.open("w", encoding="utf-8") as f:
        f.write(HEAD)
        for m in range(municipalities):
            ags = f"99{m:06d}"
            for year in range(1985, 1985 + years):
                for v in range(1, variables + 1):
                    if written >= rows:
                        return
                    value = f"{rng.randint(0, 2_000_000):,}".replace(",", ".")
                    if rng.random() < 0.01:
                        value = rng.choice(["-", ".", "/", "x"])
                    f.write(
                        f"99999;Synthetische Benchmarkstatistik;JAHR;Jahr;{year};GEMEIN;"
                        f"Gemeinden;{ags};Synthetische Gemeinde {m};{value};Anzahl;"
                        f"BENCH{v:02d};Synthetische Variable {v} (synthetisch);e\n"
                    )
                    written += 1


def scratch_database() -> tuple[str, str]:
    """(DATABASE_URL for the scratch database, admin URL for create/drop or '')."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(configured)
        bench = urlunsplit(parts._replace(path="/teilhabe_bench"))
        return bench, configured
    handle, name = tempfile.mkstemp(suffix=".sqlite3", prefix="teilhabe_bench_")
    os.close(handle)
    return f"sqlite:///{name}", ""


def admin_sql(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    url, admin_url = scratch_database()
    if admin_url:
        admin_sql(admin_url, "DROP DATABASE IF EXISTS teilhabe_bench")
        admin_sql(admin_url, "CREATE DATABASE teilhabe_bench")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from teilhabe.monitoring.models import Observation
        from teilhabe.monitoring.services import stats_import

        call_command("migrate", verbosity=0)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "synthetic_ffcsv.csv"
            started = time.perf_counter()
            synthetic_ffcsv(path, args.rows)
            generated = time.perf_counter() - started
            data = path.read_bytes()
        size = len(data) / 1e6
        started = time.perf_counter()
        result = stats_import(user=None, body=None, data=data, filename="synthetic", agent="bench")
        first = time.perf_counter() - started
        assert result.new == args.rows, result.new
        assert Observation.objects.count() == args.rows
        started = time.perf_counter()
        again = stats_import(user=None, body=None, data=data, filename="synthetic", agent="bench")
        second = time.perf_counter() - started
        assert again.unchanged == args.rows
        print(
            f"{connection.vendor}: {args.rows:,} synthetic rows ({size:.0f} MB, generated in "
            f"{generated:.1f} s)\n"
            f"  first import:  {first:.1f} s = {args.rows / first:,.0f} rows/s\n"
            f"  re-import (all unchanged): {second:.1f} s = {args.rows / second:,.0f} rows/s"
        )
    finally:
        if admin_url:
            from django.db import connections

            connections.close_all()
            admin_sql(admin_url, "DROP DATABASE IF EXISTS teilhabe_bench")
        elif url.startswith("sqlite:///"):
            Path(url[len("sqlite:///") :]).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
