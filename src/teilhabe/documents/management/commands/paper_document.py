"""``manage.py paper_document --body AGS --reference REF --format docx|pdf --output FILE``."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.council.models import Paper
from teilhabe.documents.builders import PAPER_FORMATS

from ._common import add_body_argument, add_output_argument, body_by_ags, write


class Command(BaseCommand):
    help = (
        "Schreibt eine Vorlage (z. B. eine Beschlussvorlage) als Word-Datei oder PDF im "
        "üblichen Layout von Ratsvorlagen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_body_argument(parser)
        parser.add_argument(
            "--reference", required=True, metavar="REF", help="Vorlagennummer, z. B. 2024/FD91/457"
        )
        parser.add_argument("--format", required=True, choices=sorted(PAPER_FORMATS))
        add_output_argument(parser)

    def handle(
        self, *args: Any, body: str, reference: str, format: str, output: str, **options: Any
    ) -> None:
        found = body_by_ags(body)
        paper = (
            Paper.objects.filter(body=found, reference=reference.strip())
            .select_related("body", "lead_department")
            .order_by("-date", "-id")
            .first()
        )
        if paper is None:
            raise CommandError(f"{found.name} hat keine Vorlage mit der Nummer „{reference}“.")
        path = write(output, PAPER_FORMATS[format](paper))
        self.stdout.write(f"Vorlage {paper.reference} geschrieben: {path}")
