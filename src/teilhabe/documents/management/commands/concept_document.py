"""``manage.py concept_document --body AGS [--edition LABEL] --format docx|pdf|pptx --output FILE``."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.concepts.models import Edition
from teilhabe.documents.builders import CONCEPT_FORMATS

from ._common import add_body_argument, add_output_argument, body_by_ags, write


class Command(BaseCommand):
    help = (
        "Schreibt eine Ausgabe des Integrationskonzeptes als Word-Datei, PDF oder "
        "Präsentation; ohne --edition die Ausgabe in Kraft, sonst die neueste."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_body_argument(parser)
        parser.add_argument(
            "--edition", metavar="LABEL", help="Bezeichnung der Ausgabe, z. B. 2024"
        )
        parser.add_argument("--format", required=True, choices=sorted(CONCEPT_FORMATS))
        add_output_argument(parser)

    def handle(
        self,
        *args: Any,
        body: str,
        edition: str | None,
        format: str,
        output: str,
        **options: Any,
    ) -> None:
        found = body_by_ags(body)
        editions = Edition.objects.filter(concept__body=found).select_related("concept__body")
        if edition is not None:
            chosen = editions.filter(label=edition).first()
            if chosen is None:
                labels = ", ".join(f"„{e.label}“" for e in editions.order_by("label")) or "keine"
                raise CommandError(
                    f"{found.name} hat keine Ausgabe „{edition}“ (vorhanden: {labels})."
                )
        else:
            chosen = (
                editions.filter(status=Edition.Status.IN_FORCE).first()
                or editions.order_by("-created", "-id").first()
            )
            if chosen is None:
                raise CommandError(
                    f"{found.name} hat noch keine Ausgabe eines Integrationskonzeptes."
                )
        path = write(output, CONCEPT_FORMATS[format](chosen))
        self.stdout.write(f"Ausgabe {chosen.label} geschrieben: {path}")
