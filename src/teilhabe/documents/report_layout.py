"""How the Sachstandsbericht is laid out, shared by the Word, PDF and web renderers: the
report's fixed words (German, the document's language, like :mod:`.labels`), its table rows,
German numbers and the status chart (the same chart on the page and in the documents).

Everything here reads the snapshot (plain JSON), never the database.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from teilhabe.core.charts import (
    ChartTarget,
    bar_chart_png,
    bar_chart_svg,
    line_chart_png,
    line_chart_svg,
)
from teilhabe.core.traffic import Light
from teilhabe.tracking.models import ProgressReport

from .common import ascii_filename, clean

SCHEMA = 1
TITLE = "Sachstandsbericht"
WHOLE = "Gesamtkonzept"
NONE = "–"
#: The lights in the order the report shows them, with German labels and chart colours.
LIGHTS: tuple[tuple[str, str, str], ...] = (
    (Light.ON_TRACK, "im Plan", "#2a7f3f"),
    (Light.DELAYED, "verzögert", "#e07b00"),
    (Light.BLOCKED, "blockiert", "#b22222"),
    (Light.DONE, "abgeschlossen", "#1d4f91"),
)
LIGHT_LABELS = {code: label for code, label, _colour in LIGHTS}
TARGET_STATUS = {
    "achieved": "erreicht",
    "on_track": "auf Kurs",
    "off_track": "nicht auf Kurs",
    "no_data": "keine Daten",
}

#: The fixed words of the report (German: the document's language, see ``labels``).
H_SUMMARY = "Zusammenfassung"
H_FIELDS = "Fortschritt nach Handlungsfeldern"
H_BUDGET = "Haushaltsmittel"
H_FOCUS = "Strategischer Schwerpunkt"
H_HIGHLIGHTS = "Erfolge im Berichtszeitraum"
H_DELAYED = "Verzögerte und blockierte Maßnahmen"
H_STALE = "Maßnahmen ohne aktuellen Sachstand"
H_TARGETS = "Zielwerte (Monitoring)"
H_APPENDIX = "Anhang: alle Maßnahmen"
PERIOD = "Berichtszeitraum"
DATE = "Stand"
SCOPE = "Umfang"
EDITION = "Ausgabe"
SAMPLE = "Beispieldaten: Der Bericht beruht auf Demodaten aus öffentlichen Dokumenten."
OVERSPENT = "Ausgaben über Bewilligung"
NO_BUDGET = "Für den Berichtszeitraum sind keine Haushaltsmittel erfasst."
NO_ENTRIES = "Keine."
TOTAL = "Summe"
FACTS = (
    ("measures", "Maßnahmen"),
    ("progress", "Gewichteter Fortschritt"),
    ("updates", "Angenommene Sachstände im Berichtszeitraum"),
    ("completed", "Im Berichtszeitraum abgeschlossen"),
    ("stale", "Ohne Sachstand im Aktualisierungsintervall"),
)
FIELD_HEADER = ("Handlungsfeld", "Maßnahmen", "Fortschritt", *LIGHT_LABELS.values())
BUDGET_HEADER = ("Jahr", "geplant", "bewilligt", "gebunden", "ausgegeben", "Hinweis")
DELAYED_HEADER = ("Kürzel", "Maßnahme", "Federführung", "Ampel", "Grund", "Letzter Sachstand")
STALE_HEADER = ("Kürzel", "Maßnahme", "Federführung", "Letzter Sachstand", "Intervall")
TARGET_HEADER = ("Indikator", "Gebiet", "Ausgangswert", "Zielwert", "bis", "Aktuell", "Status")
APPENDIX_HEADER = (
    "Kürzel",
    "Maßnahme",
    "Federführung",
    "Stand",
    "Fortschritt",
    "Ampel",
    "Sachstand vom",
)


def field_row(row: dict[str, Any]) -> list[str]:
    return [row["title"], str(row["measures"]), row["progress"]] + [
        str(row["lights"][code]) for code, _label, _colour in LIGHTS
    ]


def budget_row(row: dict[str, Any], first: str) -> list[str]:
    return [
        first,
        row["planned"],
        row["approved"],
        row["committed"],
        row["spent"],
        OVERSPENT if row["overspent"] else "",
    ]


def delayed_row(row: dict[str, Any]) -> list[str]:
    return [
        row["key"],
        row["title"],
        row["lead"] or NONE,
        row["light_label"],
        row["reason"],
        row["last_report"],
    ]


def stale_row(row: dict[str, Any]) -> list[str]:
    return [
        row["key"],
        row["title"],
        row["lead"] or NONE,
        row["last_report"],
        f"{row['interval']} Monate",
    ]


def target_row(row: dict[str, Any]) -> list[str]:
    latest = row["latest"] + (f" ({row['latest_period']})" if row["latest_period"] else "")
    return [
        row["indicator"],
        row["territory"],
        row["baseline"],
        row["target"],
        row["due"],
        latest,
        row["status"],
    ]


def appendix_row(row: dict[str, Any]) -> list[str]:
    return [
        row["key"],
        row["title"],
        row["lead"] or NONE,
        row["status"],
        row["percent"],
        row["light_label"],
        row["last_report"],
    ]


def highlight_line(row: dict[str, Any]) -> str:
    """``umgesetzt am 01.03.2024 (100 %)`` or ``+40 % bis 01.03.2024: in Umsetzung (60 %)``."""
    if row["kind"] == "done":
        return f"{row['status']} am {row['date']} ({row['percent']})"
    return f"{row['gain']} bis {row['date']}: {row['status']} ({row['percent']})"


def cover_facts(content: dict[str, Any]) -> list[tuple[str, str]]:
    cover = content["cover"]
    return [
        (PERIOD, f"{cover['period_from']} – {cover['period_to']}"),
        (DATE, cover["date"]),
        (SCOPE, cover["scope"]),
        (EDITION, cover["edition"]),
    ]


def focus_heading(focus: dict[str, Any]) -> str:
    return f"{focus['year']}: {focus['field']}" if focus["field"] else str(focus["year"])


def document_title(content: dict[str, Any]) -> str:
    cover = content["cover"]
    return f"{cover['title']} {cover['period_from']} – {cover['period_to']}"


def summary_facts(content: dict[str, Any]) -> list[tuple[str, str]]:
    summary = content["summary"]
    return [(label, str(summary[key])) for key, label in FACTS]


# --- German numbers -------------------------------------------------------------------------


def number(value: Decimal | int | float | None, places: int | None = None) -> str:
    """``1234.5`` → ``1.234,5``; trailing zeros dropped unless ``places`` is given."""
    if value is None:
        return NONE
    amount = Decimal(str(value))
    if places is None:
        amount = amount.normalize()
        exponent = int(amount.as_tuple().exponent)
        places = max(0, -exponent)
    text = f"{amount:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(value: Decimal | int | None) -> str:
    """``42.5`` → ``42,5 %``; ``40.0`` → ``40 %``; no value → ``–``."""
    if value is None:
        return NONE
    return f"{number(Decimal(str(value)).quantize(Decimal('0.1')))}\u00a0%"


# --- the status chart, the same on the page and in the documents ----------------------------

CHART_TITLE = "Maßnahmen nach Ampelstatus"


def chart_description(content: dict[str, Any]) -> str:
    return ", ".join(f"{item['label']}: {item['count']}" for item in content["summary"]["lights"])


def status_chart_svg(content: dict[str, Any], *, chart_id: str = "status-chart") -> str:
    chart = content["chart"]
    return bar_chart_svg(
        labels=chart["labels"],
        quotas=chart["values"],
        assigned=None,
        title=CHART_TITLE,
        description=chart_description(content),
        quota_label="Maßnahmen",
        assigned_label="",
        chart_id=chart_id,
        colours=chart["colours"],
        integer_ticks=True,
    )


def status_chart_png(content: dict[str, Any]) -> bytes:
    chart = content["chart"]
    return bar_chart_png(
        labels=chart["labels"],
        quotas=chart["values"],
        assigned=None,
        quota_label="Maßnahmen",
        assigned_label="",
        colours=chart["colours"],
        integer_ticks=True,
    )


# --- the chart of a monitoring target, the same on the page and in the documents -----------

TARGET_CHART_DESCRIPTION = (
    "Liniendiagramm der Werte je Zeitraum mit dem Zielwert (Stern auf der gestrichelten "
    "Linie); dieselben Zahlen stehen in der Tabelle."
)
SERIES_HEADER = ("Zeitraum", "Wert")
TARGET_MARKER = "Zielwert"


def target_chart_title(row: dict[str, Any]) -> str:
    return f"{row['indicator']} – {row['territory']}"


def _target_label(row: dict[str, Any]) -> str:
    return f"{TARGET_MARKER} {row['target']} bis {row['due']}"


def _target_chart_data(row: dict[str, Any]) -> dict[str, Any]:
    """The arguments of the line chart, from a target row of the snapshot."""
    data = row["series"]
    points = [(p["x"], p["value"]) for p in data["points"] if p["value"] is not None]
    target: ChartTarget = (data["due_x"], data["target"], _target_label(row))
    ticks = None
    if not data["yearly"]:  # dates: ticks named after the periods and the due date
        ticks = [(p["x"], p["label"]) for p in data["points"]] + [(data["due_x"], row["due"])]
    return {
        "series": [(row["territory"], points)],
        "y_label": data["unit"],
        "x_ticks": ticks,
        "target": target,
    }


def has_chart(row: dict[str, Any]) -> bool:
    """Whether the target row carries its series (reports made before the charts do not)."""
    return "series" in row


def target_chart_svg(row: dict[str, Any], *, chart_id: str) -> str:
    return line_chart_svg(
        **_target_chart_data(row),
        title=target_chart_title(row),
        description=TARGET_CHART_DESCRIPTION,
        chart_id=chart_id,
    )


def target_chart_png(row: dict[str, Any]) -> bytes:
    return line_chart_png(**_target_chart_data(row))


def target_series_rows(row: dict[str, Any]) -> list[list[str]]:
    """The chart's numbers: one row per period, then the target value with its due date."""
    rows = [[p["label"], p["shown"]] for p in row["series"]["points"]]
    rows.append([f"{TARGET_MARKER} bis {row['due']}", row["target"]])
    return rows


def summary_sentence(content: dict[str, Any]) -> str:
    """``Von 12 Maßnahmen sind 5 im Plan, …; der gewichtete Fortschritt liegt bei 40 %.``"""
    summary = content["summary"]
    parts = [f"{item['count']} {item['label']}" for item in summary["lights"]]
    lights = ", ".join(parts[:-1]) + f" und {parts[-1]}"
    return (
        f"Von {summary['measures']} Maßnahmen sind {lights}; der gewichtete Fortschritt "
        f"liegt bei {summary['progress']}."
    )


def report_filename(report: ProgressReport, fmt: str) -> str:
    name = " ".join(clean(report.title).replace("/", "-").replace(":", " -").split())
    cleaned = "".join(ch for ch in name if ch not in '\\*?"<>|')[:120].strip(" .")
    return f"{cleaned or ascii_filename(report.title)}.{fmt}"
