"""``manage.py stats_import FILE… [--dry-run] [--map FIELD=COLUMN …] [--sheet NAME]``: import
official statistics files.

The layout (GENESIS table, ffcsv) is detected from the content; an Excel file (XLSX) by its
content or its name. A CSV in another layout and an Excel file need the column mapping
(``--map ags=AGS --map period=Monat --map value=Wert --map indicator_code=unemployment_rate_foreigners``).
All files or none: one bad row and nothing is imported. ``--dry-run`` shows what would be
imported.
"""

import io
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from teilhabe.core.models import Body
from teilhabe.monitoring import parsers, services

AGENT = "stats_import"
MAPPING_KEYS = ("ags", "period", "value", "indicator", "indicator_code", "area", "unit", "decimal")
SHOWN = 20  # new territories listed by name


def xlsx_rows(data: bytes) -> int:
    """Rows of the largest sheet of a workbook (as its dimension says; 0 if unknown)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # the importer reports a broken file with its reason
        return 0
    try:
        return max((sheet.max_row or 0 for sheet in workbook.worksheets), default=0)
    finally:
        workbook.close()


class ProgressBar:
    """A text progress bar on stderr (only for files of more than 10,000 lines)."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label = total, label
        self.enabled = total > 10000

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        share = min(1.0, done / self.total)
        bar = "#" * int(share * 30)
        sys.stderr.write(
            f"\r{self.label} [{bar:<30}] {share:4.0%} ({done:,}/{self.total:,} Zeilen)"
        )
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            self(self.total)
            sys.stderr.write("\n")


class Command(BaseCommand):
    help = (
        "Importiert Statistikdateien (GENESIS-Tabelle im klassischen CSV-Format oder ffcsv; "
        "andere CSV- und Excel-Dateien mit --map). "
        "Alles oder nichts; --dry-run zeigt nur, was importiert würde."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="nichts speichern")
        parser.add_argument(
            "--body",
            default="",
            help="Adresse der Körperschaft, der neue Indikatoren gehören (sonst: gemeinsamer Katalog)",
        )
        parser.add_argument("--source", default="", help="Quellenangabe (sonst aus der Datei)")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FELD=SPALTE",
            help=(
                "Spaltenzuordnung für andere CSV- und Excel-Dateien: ags, period, value, "
                "indicator oder indicator_code, area, unit, decimal=point"
            ),
        )
        parser.add_argument("--sheet", default="", help="Tabellenblatt einer Excel-Datei")

    def handle(self, *args: Any, **options: Any) -> None:
        body = None
        if options["body"]:
            body = Body.objects.filter(slug=options["body"]).first()
            if body is None:
                raise CommandError(f"Keine Körperschaft mit der Adresse „{options['body']}“.")
        dry_run = options["dry_run"]
        mapping: dict[str, str] = {}
        for item in options["map"]:
            name, sep, column = item.partition("=")
            if not sep or name.strip() not in MAPPING_KEYS or not column.strip():
                raise CommandError(
                    f"--map {item}: erwartet FELD=SPALTE mit FELD aus {', '.join(MAPPING_KEYS)}."
                )
            mapping[name.strip()] = column.strip()
        if options["sheet"]:
            mapping["sheet"] = options["sheet"]
        try:
            with transaction.atomic():
                for path in options["files"]:
                    self._one(
                        path,
                        body=body,
                        dry_run=dry_run,
                        source=options["source"],
                        mapping=mapping or None,
                    )
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error

    def _one(
        self,
        path: Path,
        *,
        body: Body | None,
        dry_run: bool,
        source: str,
        mapping: dict[str, str] | None,
    ) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        lines = xlsx_rows(data) if parsers.is_xlsx(data) else data.count(b"\n")
        bar = ProgressBar(lines, path.name)
        try:
            result = services.stats_import(
                user=None,
                body=body,
                data=data,
                filename=path.name,
                mapping=mapping,
                dry_run=dry_run,
                source=source,
                agent=AGENT,
                progress=bar,
            )
        except ValidationError as error:
            bar.done()
            raise ValidationError([f"{path.name}: {m}" for m in error.messages]) from error
        bar.done()
        verb = "würde importieren" if dry_run else "importiert"
        table = f" {result.table_code}" if result.table_code else ""
        self.stdout.write(
            f"{path.name} ({result.format}{table}): {verb}: {result.rows} Werte – "
            f"{result.new} neu, {result.revised} geändert (Revision), {result.unchanged} unverändert."
        )
        for code, name in dict.fromkeys(result.matched):
            self.stdout.write(f"  Indikator {code}: {name}")
        for code, name, unit in result.new_indicators:
            self.stdout.write(f"  neuer Indikator {code}: {name} [{unit}]")
        for ags, name in result.new_territories[:SHOWN]:
            self.stdout.write(f"  neues Gebiet {ags}: {name}")
        if len(result.new_territories) > SHOWN:
            self.stdout.write(f"  … und {len(result.new_territories) - SHOWN} weitere neue Gebiete")
        if result.aggregates:
            codes = sorted({a[1] for a in result.aggregates})
            self.stdout.write(
                f"  {len(result.aggregates)} Zeilen mit Aggregaten nicht importiert "
                f"(kein Land, Kreis oder Gemeinde): {', '.join(codes)}"
            )
        if result.derived:
            self.stdout.write(f"  {result.derived} abgeleitete Werte berechnet.")
