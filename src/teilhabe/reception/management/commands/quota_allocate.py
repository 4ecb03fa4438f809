"""``manage.py quota_allocate --total N --period START:END [--key KEY] [--level kreis|gemeinde]
[--parent AGS] [--csv]``: compute and print a quota table (nothing is stored)."""

import csv
import datetime
import decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.core.models import Territory
from teilhabe.reception import apportionment
from teilhabe.reception.models import AllocationKey, KeyShare


def parse_period(value: str) -> tuple[datetime.date, datetime.date]:
    try:
        start_text, end_text = value.split(":")
        start, end = (
            datetime.date.fromisoformat(start_text),
            datetime.date.fromisoformat(end_text),
        )
    except ValueError as exc:
        raise CommandError(
            f"--period „{value}“ ist kein Zeitraum der Form 2024-10-01:2025-03-31."
        ) from exc
    if end < start:
        raise CommandError(f"Der Zeitraum {value} endet vor seinem Beginn.")
    return start, end


class Command(BaseCommand):
    help = (
        "Berechnet Aufnahmequoten nach größtem Rest (Hare-Niemeyer) und gibt die Tabelle aus. "
        "Mit --key ks2019 auf die 16 Länder nach dem Königsteiner Schlüssel; sonst nach den "
        "gespeicherten Einwohnerzahlen der Kreise (--level kreis --parent 03) oder Gemeinden "
        "(--level gemeinde --parent 03157). Es wird nichts gespeichert."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--total", type=int, required=True, help="Gesamtkontingent (Personen)")
        parser.add_argument(
            "--period", required=True, metavar="START:END", help="2024-10-01:2025-03-31"
        )
        parser.add_argument("--key", help="Kurzname des Schlüssels, z. B. ks2019")
        parser.add_argument("--level", choices=["kreis", "gemeinde"], default="kreis")
        parser.add_argument("--parent", metavar="AGS", help="AGS des Landes bzw. Kreises")
        parser.add_argument("--csv", action="store_true", help="als CSV (Semikolon) ausgeben")

    def handle(self, *args: Any, **options: Any) -> None:
        total: int = options["total"]
        start, end = parse_period(options["period"])
        if total < 0:
            raise CommandError(
                f"Das Gesamtkontingent darf nicht negativ sein (angegeben: {total})."
            )
        key, shares = self.key_and_shares(options)
        is_population = key is None or key.kind == AllocationKey.Kind.POPULATION
        claims = []
        for territory, share in shares:
            weight = (share.population if is_population else share.share) if share else None
            if weight is None:
                raise CommandError(
                    f"Für {territory.name} ({territory.ags}) ist keine Einwohnerzahl gespeichert. "
                    "Importieren Sie die Einwohnerzahlen (ags;name;population;stand) unter "
                    "„Einwohnerzahlen importieren“."
                )
            claims.append(apportionment.Claim(key=territory.ags, weight=weight))
        if key is not None and key.kind != AllocationKey.Kind.POPULATION:
            try:
                apportionment.check_shares_sum(c.weight for c in claims)  # type: ignore[misc]
            except apportionment.ApportionmentError as exc:
                raise CommandError(f"{key.name}: Anteile ergeben nicht 100 %.") from exc
        try:
            result = apportionment.allocate(total, claims)
        except apportionment.ApportionmentError as exc:
            raise CommandError(str(exc)) from exc
        names = {t.ags: t.name for t, _s in shares}
        header = ["AGS", "Gebiet", "Gewicht", "exakt", "Rest-Rang", "Quote"]
        rows = [
            [
                a.key,
                names[a.key],
                format(
                    a.weight.normalize() if isinstance(a.weight, decimal.Decimal) else a.weight, "f"
                ).replace(".", ","),
                str(a.exact_decimal.quantize(decimal.Decimal("0.0001"))).replace(".", ","),
                str(a.rank),
                str(a.quota),
            ]
            for a in result.allocations
        ]
        if options["csv"]:
            writer = csv.writer(self.stdout, delimiter=";", lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
            return
        key_name = key.name if key else "Einwohnerzahlen"
        self.stdout.write(
            f"Verteilzeitraum {start:%d.%m.%Y}–{end:%d.%m.%Y}, Gesamtkontingent {total}, "
            f"Schlüssel: {key_name}, Verfahren: {apportionment.METHOD} "
            f"(Gleichstand: größerer Rest, größeres Gewicht, AGS aufsteigend)"
        )
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            self.stdout.write(
                "  ".join(
                    v.rjust(w) if i >= 2 else v.ljust(w)
                    for i, (v, w) in enumerate(zip(row, widths, strict=True))
                ).rstrip()
            )
        self.stdout.write(f"Summe: {result.quota_sum}")

    def key_and_shares(
        self, options: dict[str, Any]
    ) -> tuple[AllocationKey | None, list[tuple[Territory, KeyShare | None]]]:
        if options["key"]:
            key = AllocationKey.objects.filter(slug=options["key"]).first()
            if key is None:
                known = ", ".join(
                    AllocationKey.objects.order_by("slug").values_list("slug", flat=True)
                )
                raise CommandError(
                    f"Es gibt keinen Schlüssel „{options['key']}“ (vorhanden: {known or 'keine'})."
                )
            shares = list(key.shares.select_related("territory").order_by("territory__ags"))
            return key, [(s.territory, s) for s in shares]
        parent_ags = options["parent"]
        if not parent_ags:
            raise CommandError("Geben Sie --key oder --parent (AGS des Landes bzw. Kreises) an.")
        parent = Territory.objects.filter(ags=parent_ags).first()
        if parent is None:
            raise CommandError(f"Es gibt kein Gebiet mit dem AGS „{parent_ags}“.")
        territories = list(
            Territory.objects.filter(parent=parent, level=options["level"]).order_by("ags")
        )
        if not territories:
            raise CommandError(
                f"Unter {parent.name} ({parent.ags}) ist kein Gebiet der Ebene "
                f"„{options['level']}“ gespeichert."
            )
        key = (
            AllocationKey.objects.filter(
                kind=AllocationKey.Kind.POPULATION, parent=parent, level=options["level"]
            )
            .order_by("-population_date")
            .first()
        )
        by_territory = (
            {s.territory_id: s for s in key.shares.select_related("territory")} if key else {}
        )
        return key, [(t, by_territory.get(t.pk)) for t in territories]
