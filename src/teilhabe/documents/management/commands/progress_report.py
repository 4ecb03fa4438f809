"""``manage.py progress_report --body AGS --from DATE --to DATE --format docx|pdf --output FILE
[--field KEY]``: build a Sachstandsbericht, store its snapshot and write the file."""

import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.concepts.models import FieldOfAction
from teilhabe.concepts.selectors import edition_in_force
from teilhabe.documents.progress_report import report_build
from teilhabe.documents.report_pdf import report_pdf
from teilhabe.documents.report_word import report_docx

from ._common import add_body_argument, add_output_argument, body_by_ags, write

FORMATS = {"docx": report_docx, "pdf": report_pdf}
AGENT = "cli"


def parse_date(text: str, option: str) -> datetime.date:
    """``31.12.2024`` or ``2024-12-31``; anything else is refused naming the option."""
    value = text.strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(
        f"{option}: „{text}“ ist kein gültiges Datum; erwartet wird TT.MM.JJJJ "
        "(z. B. 31.12.2024) oder JJJJ-MM-TT."
    )


class Command(BaseCommand):
    help = (
        "Erstellt einen Sachstandsbericht zum Integrationskonzept in Kraft, speichert ihn als "
        "unveränderlichen Stand und schreibt ihn als Word-Datei oder PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_body_argument(parser)
        parser.add_argument(
            "--from", dest="period_from", required=True, metavar="DATUM", help="Beginn, TT.MM.JJJJ"
        )
        parser.add_argument(
            "--to", dest="period_to", required=True, metavar="DATUM", help="Ende, TT.MM.JJJJ"
        )
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        add_output_argument(parser)
        parser.add_argument(
            "--field", default="", metavar="KEY", help="Nur dieses Handlungsfeld (Schlüssel)"
        )

    def handle(
        self,
        *args: Any,
        body: str,
        period_from: str,
        period_to: str,
        format: str,
        output: str,
        field: str,
        **options: Any,
    ) -> None:
        found = body_by_ags(body)
        start = parse_date(period_from, "--from")
        end = parse_date(period_to, "--to")
        if end < start:
            raise CommandError(
                f"Das Ende des Zeitraums (--to {end:%d.%m.%Y}) liegt vor seinem Beginn "
                f"(--from {start:%d.%m.%Y})."
            )
        if not Path(output).parent.is_dir():  # before anything is stored
            raise CommandError(f"Das Verzeichnis „{Path(output).parent}“ gibt es nicht.")
        edition = edition_in_force(body=found)
        if edition is None:
            raise CommandError(f"{found.name} hat kein Integrationskonzept in Kraft.")
        scope = None
        if field:
            scope = FieldOfAction.objects.filter(edition=edition, key=field.strip()).first()
            if scope is None:
                keys = ", ".join(
                    FieldOfAction.objects.filter(edition=edition).values_list("key", flat=True)
                )
                raise CommandError(
                    f"„{edition.title}“ hat kein Handlungsfeld mit dem Schlüssel „{field}“ "
                    f"(vorhanden: {keys or 'keine'})."
                )
        try:
            report = report_build(
                user=None,
                edition=edition,
                period_from=start,
                period_to=end,
                field=scope,
                agent=AGENT,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        path = write(output, FORMATS[format](report.content))
        self.stdout.write(f"{report.title} geschrieben: {path}")
