"""``manage.py concept_export --body AGS [--edition LABEL] [--format yaml|json]``."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.concepts.exchange import dump_json, dump_yaml, edition_export
from teilhabe.concepts.models import Edition
from teilhabe.core.models import Body


class Command(BaseCommand):
    help = (
        "Schreibt eine Ausgabe eines Integrationskonzeptes im Format teilhabe-edition/1 auf die "
        "Standardausgabe; ohne --edition die Ausgabe in Kraft, sonst die neueste."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--body",
            required=True,
            metavar="AGS",
            help="Amtlicher Gemeindeschlüssel der Körperschaft, z. B. 03461",
        )
        parser.add_argument(
            "--edition", metavar="LABEL", help="Bezeichnung der Ausgabe, z. B. 2024"
        )
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")

    def handle(
        self, *args: Any, body: str, edition: str | None, format: str, **options: Any
    ) -> None:
        found = Body.objects.filter(territory__ags=body).first()
        if found is None:
            raise CommandError(f"Es gibt keine Körperschaft mit dem AGS „{body}“.")
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
        data = edition_export(chosen)
        self.stdout.write(dump_json(data) if format == "json" else dump_yaml(data), ending="")
