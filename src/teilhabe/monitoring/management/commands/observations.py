"""``manage.py observations --ags AGS [--indicator CODE] [--period P]``: current values of a
territory as ``indicator;ags;period;value;source`` lines (decimal comma; a missing value shows
its symbol; the period as ``2024``, ``2024-Q1``, ``2024-03`` or ``31.12.2024``, oldest first)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.monitoring import selectors
from teilhabe.monitoring.parsers import SAME_SLOT, parse_period_kind


def german(value: Any) -> str:
    text = f"{value.normalize():f}" if value is not None else ""
    return text.replace(".", ",")


class Command(BaseCommand):
    help = "Gibt die aktuellen Werte eines Gebiets aus: indicator;ags;period;value;source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ags", required=True)
        parser.add_argument("--indicator", default="")
        parser.add_argument(
            "--period", default="", help="nur dieser Zeitraum: 2024, 2024-Q1, 2024-03, 31.12.2024"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = selectors.observations_for_ags(ags=options["ags"], code=options["indicator"])
        if options["period"]:
            try:
                date, kind = parse_period_kind(options["period"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            rows = rows.filter(period=date, period_kind__in=SAME_SLOT[kind])
        if not rows.exists():
            raise CommandError(f"Keine Werte für AGS {options['ags']}.")
        self.stdout.write("indicator;ags;period;value;source")
        for obs in rows:
            value = german(obs.value) if obs.value is not None else obs.missing_reason
            source = obs.source.replace(";", ",").replace("\n", " ")
            self.stdout.write(
                f"{obs.indicator.code};{obs.territory.ags};{obs.period_label};{value};{source}"
            )
