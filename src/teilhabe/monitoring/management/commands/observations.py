"""``manage.py observations --ags AGS [--indicator CODE]``: current values of a territory as
``indicator;ags;period;value;source`` lines (decimal comma; a missing value shows its symbol)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.monitoring import selectors


def german(value: Any) -> str:
    text = f"{value.normalize():f}" if value is not None else ""
    return text.replace(".", ",")


class Command(BaseCommand):
    help = "Gibt die aktuellen Werte eines Gebiets aus: indicator;ags;period;value;source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ags", required=True)
        parser.add_argument("--indicator", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = selectors.observations_for_ags(ags=options["ags"], code=options["indicator"])
        if not rows.exists():
            raise CommandError(f"Keine Werte für AGS {options['ags']}.")
        self.stdout.write("indicator;ags;period;value;source")
        for obs in rows:
            value = german(obs.value) if obs.value is not None else obs.missing_reason
            source = obs.source.replace(";", ",").replace("\n", " ")
            self.stdout.write(
                f"{obs.indicator.code};{obs.territory.ags};{obs.period_label};{value};{source}"
            )
