"""Demo data of monitoring: the real figures of data/kreise_integration_indikatoren.csv for the
seed districts and their Länder, each with its source, and the derived shares computed.

Wesermarsch 2023: the seed document says 10.055 foreigners; the official figure (LSN/AZR) is
10.155. The demo records the official one and says so in the value's note.
"""

import csv
import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from teilhabe.core.demo import AGENT, Login
from teilhabe.core.models import Territory
from teilhabe.core.services import territory_ensure

from .models import Indicator, Observation
from .services import catalogue_ensure, derived_compute, observation_record

DATA_FILE = Path(__file__).resolve().parent / "data" / "kreise_integration_indikatoren.csv"
#: The four seed districts and their Länder.
AREAS = {"03", "03157", "03357", "03461", "15", "15083"}
SKIPPED = {"foreigners_seed_document"}  # not a statistic: shown as a note on the official value
SEED_NOTE = (
    "Das Seed-Dokument des Projekts nennt 10.055 Menschen mit ausländischer Staatsangehörigkeit "
    "(31.12.2023); der amtliche Wert (LSN, Ausländerzentralregister) ist 10.155."
)


def load(*, out: Callable[[str], None]) -> list[Login]:
    catalogue_ensure(agent=AGENT)
    indicators = {i.code: i for i in Indicator.objects.filter(body__isnull=True)}
    with DATA_FILE.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["ags"] in AREAS and r["indicator"] not in SKIPPED]
    for ags, name in sorted({(r["ags"], r["gebiet"]) for r in rows}, key=lambda a: (len(a[0]), a)):
        territory_ensure(ags=ags, name=name, agent=AGENT)
    territories = {t.ags: t for t in Territory.objects.filter(ags__in=AREAS)}
    before = _count()
    for r in rows:
        note = r["note"]
        if r["ags"] == "03461" and r["year"] == "2023" and r["indicator"] == "foreigners_azr_31_12":
            note = f"{note}. {SEED_NOTE}"
        observation_record(
            user=None,
            indicator=indicators[r["indicator"]],
            territory=territories[r["ags"]],
            period=datetime.date(int(r["year"]), 12, 31)
            if not r["indicator"].endswith("_30_06")
            else datetime.date(int(r["year"]), 6, 30),
            period_is_year=True,
            value=Decimal(r["value"]),
            source=r["source"],
            note=note,
            agent=AGENT,
        )
    for code in ("foreigners_share", "einbuergerungsquote"):
        derived_compute(user=None, indicator=indicators[code], agent=AGENT)
    added = _count() - before
    out(
        f"Monitoring: {added} Werte angelegt (amtliche Statistik, LSN/StaLa)."
        if added
        else "Monitoring: Werte gibt es schon."
    )
    return []


def _count() -> int:
    return Observation.objects.filter(is_current=True).count()
