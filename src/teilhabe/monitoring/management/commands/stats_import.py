"""``manage.py stats_import FILE… [--dry-run]``: import official statistics files.

The layout (GENESIS table, ffcsv) is detected. All files or none: one bad row and nothing
is imported. ``--dry-run`` shows what would be imported.
"""

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from teilhabe.core.models import Body
from teilhabe.monitoring import services

AGENT = "stats_import"
SHOWN = 20  # new territories listed by name


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
        "Importiert Statistikdateien (GENESIS-Tabelle im klassischen CSV-Format oder ffcsv). "
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

    def handle(self, *args: Any, **options: Any) -> None:
        body = None
        if options["body"]:
            body = Body.objects.filter(slug=options["body"]).first()
            if body is None:
                raise CommandError(f"Keine Körperschaft mit der Adresse „{options['body']}“.")
        dry_run = options["dry_run"]
        try:
            with transaction.atomic():
                for path in options["files"]:
                    self._one(path, body=body, dry_run=dry_run, source=options["source"])
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error

    def _one(self, path: Path, *, body: Body | None, dry_run: bool, source: str) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        bar = ProgressBar(data.count(b"\n"), path.name)
        try:
            result = services.stats_import(
                user=None,
                body=body,
                data=data,
                filename=path.name,
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
