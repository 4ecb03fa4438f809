"""``manage.py concept_import FILE [FILE …]``: import editions in the exchange format."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.concepts.exchange import ImportErrors, edition_import, load_file
from teilhabe.concepts.models import FieldOfAction, Goal, Measure, Objective


class Command(BaseCommand):
    help = (
        "Importiert Ausgaben eines Integrationskonzeptes aus YAML- oder JSON-Dateien im Format "
        "teilhabe-edition/1 (siehe docs/exchange-format.md). Jede Datei ganz oder gar nicht."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="DATEI")

    def handle(self, *args: Any, files: list[str], **options: Any) -> None:
        failed = 0
        for name in files:
            try:
                edition = edition_import(data=load_file(name), agent="concept_import")
            except ImportErrors as exc:
                failed += 1
                for error in exc.errors:
                    self.stderr.write(f"{name}: {error}")
                continue
            except OSError as exc:
                failed += 1
                self.stderr.write(f"{name}: Datei kann nicht gelesen werden ({exc.strerror})")
                continue
            counts = ", ".join(
                f"{model.objects.filter(edition=edition).count()} {label}"
                for model, label in (
                    (FieldOfAction, "Handlungsfelder"),
                    (Goal, "Ziele"),
                    (Objective, "Teilziele"),
                    (Measure, "Maßnahmen"),
                )
            )
            self.stdout.write(
                f"{name}: Ausgabe „{edition.label}“ ({edition.get_status_display()}) für "
                f"{edition.concept.body.name} angelegt – {counts}."
            )
        if failed:
            raise CommandError(f"{failed} von {len(files)} Dateien nicht importiert.")
