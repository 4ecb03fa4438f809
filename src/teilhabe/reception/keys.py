"""Allocation keys: the published Königsteiner keys, population keys (Länder, the Kreise of
Niedersachsen, imported tables) and the Königsteiner calculator.

Split off ``services`` (which re-exports every name, so ``services.key_create`` etc. keep
working). Same rules: keyword-only, atomic, an audit entry for every write, soft delete only.
"""

from __future__ import annotations

import csv
import datetime
import decimal
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from teilhabe.core.models import Territory, User
from teilhabe.core.services import creation_changes, soft_delete, territory_ensure

from . import apportionment, csvio
from .common import DATA_DIR, Action, _body_audit, _err
from .models import AllocationKey, KeyShare

KS_FILE = DATA_DIR / "koenigsteiner_schluessel_gwk_2010_2020.csv"
LAENDER_POPULATION_FILE = DATA_DIR / "bevoelkerung_laender_12411-0010.csv"
#: The 45 Kreise of Niedersachsen, LSN Bevölkerungsfortschreibung 31.12.2024 (SOURCE.md).
NI_KREISE_FILE = DATA_DIR / "ni_kreise_bevoelkerung_2024-12-31.csv"
KS_LICENCE = (
    "Keine Lizenz in der GWK-Tabelle angegeben; amtliche Bekanntmachung im Bundesanzeiger "
    "(§ 5 Abs. 1 UrhG). Zitieren: GWK und BAnz-Fundstelle."
)
DESTATIS_LICENCE = (
    "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0); "
    "„Statistisches Bundesamt (Destatis), GENESIS-Online, Tabelle 12411-0010, Stand 20.05.2026“"
)
NI_KREISE_SOURCE = (
    "Landesamt für Statistik Niedersachsen (LSN), Bevölkerungsfortschreibung, Bevölkerung am "
    "31.12.2024 (Zensus-2022-Basis), Landkreise, kreisfreie Städte und Region Hannover; "
    "veröffentlicht als Indikator 1.1.1 des Integrationsmonitorings Niedersachsen "
    "(integrationsmonitoring.niedersachsen.de), Datei de/data-packages/1-1-1/data.csv im "
    "Repository github.com/christoph-LSN/IM_Data, Commit "
    "2422d87a676b7b5f764d47778a02b1c40177cac8. Summe der 45 Kreise = Landeswert des LSN "
    "8.010.686; Destatis 12411-0010 (Stand 20.05.2026) nennt für NI 8.004.489 (+6.197, anderer "
    "Datenstand)."
)
NI_KREISE_LICENCE = (
    "Amtliche Statistik; das Repository nennt keine Lizenz für die Daten. Die statistischen "
    "Ämter veröffentlichen unter Datenlizenz Deutschland – Namensnennung – Version 2.0 "
    "(dl-de/by-2-0) [?: vor Weitergabe mit dem LSN bestätigen]. Namensnennung: „Landesamt für "
    "Statistik Niedersachsen (LSN), Bevölkerungsfortschreibung, 31.12.2024“."
)
#: Key 2019 was the quota actually used 2022–2025 (domain.md A1).
APPLIED_NOTES = {
    2019: "Wegen der späten Veröffentlichung (BAnz AT 06.05.2021 B8) galt dieser Schlüssel "
    "tatsächlich als EASY-Quote 2022–2025.",
    2020: "Veröffentlicht im BAnz AT 04.11.2025 B7; dass er ab 2026 gilt, ist eine Annahme.",
}
HUNDRED = decimal.Decimal(100)


@dataclass(frozen=True)
class ShareInput:
    ags: str
    share: decimal.Decimal | None = None
    population: int | None = None


def _territories_by_ags(ags_list: list[str]) -> dict[str, Territory]:
    return {t.ags: t for t in Territory.objects.filter(ags__in=ags_list)}


@transaction.atomic
def key_create(
    *,
    user: User | None,
    slug: str,
    name: str,
    kind: str,
    shares: list[ShareInput],
    source: str,
    licence: str = "",
    key_year: int | None = None,
    applied_year: int | None = None,
    applied_note: str = "",
    publication: str = "",
    decimals: int = 0,
    parent: Territory | None = None,
    level: str = Territory.Level.LAND,
    population_date: datetime.date | None = None,
    agent: str = "",
) -> AllocationKey:
    """A key with its shares. Share keys must add up to exactly 100 %; population keys need a
    population for every territory; an AGS may occur only once."""
    if AllocationKey.objects.filter(slug=slug).exists():
        raise _err(
            _("A key with the short name “%(slug)s” exists already.") % {"slug": slug}, "slug"
        )
    seen: set[str] = set()
    for s in shares:
        if s.ags in seen:
            raise _err(
                _("The AGS %(ags)s occurs twice; every territory may appear only once.")
                % {"ags": s.ags}
            )
        seen.add(s.ags)
    if not shares:
        raise _err(_("There is no territory to distribute to."))
    territories = _territories_by_ags(list(seen))
    unknown = sorted(seen - set(territories))
    if unknown:
        raise _err(_("Unknown AGS: %(ags)s.") % {"ags": ", ".join(unknown)})
    if kind == AllocationKey.Kind.POPULATION:
        missing = [s.ags for s in shares if s.population is None]
        if missing:
            raise _err(
                _("Territory %(ags)s has no population or share.") % {"ags": ", ".join(missing)}
            )
        pop_sum = sum(s.population or 0 for s in shares)
        if pop_sum <= 0:
            raise _err(_("The weights add up to zero; nothing can be distributed."))
    else:
        missing = [s.ags for s in shares if s.share is None]
        if missing:
            raise _err(
                _("Territory %(ags)s has no population or share.") % {"ags": ", ".join(missing)}
            )
        try:
            apportionment.check_shares_sum([s.share for s in shares if s.share is not None])
        except apportionment.ApportionmentError as exc:
            raise _err(str(exc)) from exc
    key = AllocationKey(
        slug=slug,
        name=name,
        kind=kind,
        key_year=key_year,
        applied_year=applied_year,
        applied_note=applied_note,
        publication=publication,
        source=source,
        licence=licence,
        decimals=decimals,
        parent=parent,
        level=level,
        population_date=population_date,
    )
    key.full_clean()
    key.save()
    KeyShare.objects.bulk_create(
        [
            KeyShare(
                key=key,
                territory=territories[s.ags],
                share=s.share
                if s.share is not None
                else (
                    (
                        decimal.Decimal(s.population or 0) * HUNDRED / decimal.Decimal(pop_sum)
                    ).quantize(decimal.Decimal("0.0000001"))
                ),
                population=s.population,
            )
            for s in shares
        ]
    )
    _body_audit(
        user=user,
        body=None,
        action=Action.CREATE,
        obj=key,
        agent=agent,
        changes=creation_changes(key, ["slug", "name", "kind", "key_year", "applied_year"])
        | {"shares": (None, len(shares))},
    )
    return key


@transaction.atomic
def ks_load_published(*, user: User | None = None, agent: str = "") -> list[AllocationKey]:
    """The GWK keys 2010–2020 from the CSV shipped with the app (idempotent)."""
    by_year: dict[int, list[dict[str, str]]] = defaultdict(list)
    with KS_FILE.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            by_year[int(row["key_year"])].append(row)
    laender = {t.name: t.ags for t in Territory.objects.filter(level=Territory.Level.LAND)}
    keys = []
    for year, rows in sorted(by_year.items()):
        slug = f"ks{year}"
        existing = AllocationKey.objects.filter(slug=slug).first()
        if existing is not None:
            keys.append(existing)
            continue
        keys.append(
            key_create(
                user=user,
                agent=agent,
                slug=slug,
                name=f"Königsteiner Schlüssel {year}",
                kind=AllocationKey.Kind.KOENIGSTEIN,
                key_year=year,
                applied_year=int(rows[0]["nominal_easy_year_per_s45_asylg"]),
                applied_note=APPLIED_NOTES.get(year, ""),
                publication=rows[0]["bundesanzeiger"],
                source=rows[0]["source"],
                licence=KS_LICENCE,
                decimals=5,
                shares=[
                    ShareInput(ags=laender[r["land"]], share=decimal.Decimal(r["share_percent"]))
                    for r in rows
                ],
            )
        )
    return keys


@transaction.atomic
def laender_population_load(*, user: User | None = None, agent: str = "") -> list[AllocationKey]:
    """Population keys of the 16 Länder, 31.12.2019–2024 (Destatis 12411-0010; idempotent)."""
    by_date: dict[datetime.date, list[dict[str, str]]] = defaultdict(list)
    with LAENDER_POPULATION_FILE.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            by_date[csvio.parse_date(row["stichtag"])].append(row)
    laender = {t.name: t.ags for t in Territory.objects.filter(level=Territory.Level.LAND)}
    keys = []
    for stand, rows in sorted(by_date.items()):
        slug = f"ew-laender-{stand.isoformat()}"
        existing = AllocationKey.objects.filter(slug=slug).first()
        if existing is not None:
            keys.append(existing)
            continue
        keys.append(
            key_create(
                user=user,
                agent=agent,
                slug=slug,
                name=f"Einwohner der Länder {stand:%d.%m.%Y} ({rows[0]['census_basis']})",
                kind=AllocationKey.Kind.POPULATION,
                source=rows[0]["source"],
                licence=DESTATIS_LICENCE,
                population_date=stand,
                level=Territory.Level.LAND,
                shares=[
                    ShareInput(ags=laender[r["land"]], population=int(r["population"]))
                    for r in rows
                ],
            )
        )
    return keys


@transaction.atomic
def key_compute(
    *,
    user: User | None,
    slug: str,
    name: str,
    inputs: Mapping[str, tuple[int, int]],
    key_year: int | None = None,
    source: str,
    agent: str = "",
) -> AllocationKey:
    """A Königsteiner key computed from ``{ags: (tax revenue, population)}`` (2/3 and 1/3,
    five decimals, summing to exactly 100 %; remainder rule in ``apportionment``)."""
    try:
        results = apportionment.koenigstein(inputs)
    except apportionment.ApportionmentError as exc:
        raise _err(str(exc)) from exc
    return key_create(
        user=user,
        agent=agent,
        slug=slug,
        name=name,
        kind=AllocationKey.Kind.CUSTOM,
        key_year=key_year,
        applied_year=key_year + 1 if key_year else None,
        source=source
        + "\n"
        + _("Computed with the Königsteiner formula (2/3 tax revenue, 1/3 population).")
        + "\n"
        + "; ".join(f"{r.key}: T={r.tax} P={r.population}" for r in results),
        decimals=apportionment.KS_DECIMALS,
        shares=[ShareInput(ags=r.key, share=r.share_percent) for r in results],
    )


@dataclass(frozen=True)
class PopulationRow:
    line: int
    ags: str
    name: str
    population: int
    stand: datetime.date


def parse_population_csv(content: bytes | str) -> list[PopulationRow]:
    """Rows of ``ags;name;population;stand``; every error names its line. All or nothing."""
    try:
        rows = csvio.read_rows(content, required=["ags", "name", "population", "stand"])
    except csvio.CsvError as exc:
        raise ValidationError(exc.errors) from exc
    errors: list[str] = []
    parsed: list[PopulationRow] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        ags = row["ags"]
        if len(ags) in (1, 4, 7) and ags.isdigit():
            ags = "0" + ags  # Excel dropped the leading zero
        if not (ags.isdigit() and len(ags) in (2, 5, 8)):
            errors.append(
                _("Line %(line)d, field ags: “%(value)s” is not an AGS with 2, 5 or 8 digits.")
                % {"line": line, "value": row["ags"]}
            )
            continue
        if ags in seen:
            errors.append(
                _("Line %(line)d, field ags: %(ags)s occurs already in line %(first)d.")
                % {"line": line, "ags": ags, "first": seen[ags]}
            )
            continue
        seen[ags] = line
        try:
            population = csvio.parse_int(row["population"])
            if population < 0:
                raise ValueError
        except ValueError:
            errors.append(
                _("Line %(line)d, field population: “%(value)s” is not a number of persons.")
                % {"line": line, "value": row["population"]}
            )
            continue
        try:
            stand = csvio.parse_date(row["stand"])
        except ValueError:
            errors.append(
                _("Line %(line)d, field stand: “%(value)s” is not a date like 31.12.2024.")
                % {"line": line, "value": row["stand"]}
            )
            continue
        if not row["name"]:
            errors.append(_("Line %(line)d, field name: the name is missing.") % {"line": line})
            continue
        parsed.append(PopulationRow(line, ags, row["name"], population, stand))
    levels = {len(r.ags) for r in parsed}
    if len(levels) > 1:
        errors.append(_("The file mixes Kreise and Gemeinden; import one level per file."))
    parents = {r.ags[: 2 if len(r.ags) == 5 else 5] for r in parsed if len(r.ags) > 2}
    if len(parents) > 1:
        errors.append(
            _("The file covers several parent territories (%(parents)s); import one per file.")
            % {"parents": ", ".join(sorted(parents))}
        )
    stands = {r.stand for r in parsed}
    if len(stands) > 1:
        errors.append(_("The file has more than one stand date; import one per file."))
    if errors:
        raise ValidationError(errors)
    return parsed


@transaction.atomic
def population_import(
    *,
    user: User | None,
    content: bytes | str,
    source: str,
    licence: str = "",
    within: Territory | None = None,
    agent: str = "",
) -> AllocationKey:
    """A population key for the Kreise of a Land or the Gemeinden of a Kreis, from a CSV
    ``ags;name;population;stand`` (German Excel). Territories that are new are created.

    ``within``: the importing body's territory; every row must lie inside it (a district
    imports its Gemeinden, a state office its Kreise). ``None`` only for administrators.
    """
    rows = parse_population_csv(content)
    if not source.strip():
        raise _err(_("Name the source of the figures."), "source")
    if within is not None:
        outside = [
            r for r in rows if not (r.ags.startswith(within.ags) and len(r.ags) > len(within.ags))
        ]
        if outside:
            raise _err(
                _("Line %(line)d, field ags: %(ags)s does not lie within %(territory)s.")
                % {"line": outside[0].line, "ags": outside[0].ags, "territory": within}
            )
    first = rows[0]
    level = {2: Territory.Level.LAND, 5: Territory.Level.KREIS, 8: Territory.Level.GEMEINDE}[
        len(first.ags)
    ]
    parent_ags = first.ags[:2] if level == Territory.Level.KREIS else first.ags[:5]
    parent = None
    if level != Territory.Level.LAND:
        parent = Territory.objects.filter(ags=parent_ags).first()
        if parent is None:
            raise _err(
                _("The parent territory %(ags)s is unknown; import its level first.")
                % {"ags": parent_ags}
            )
    for r in rows:
        territory_ensure(ags=r.ags, name=r.name, user=user, agent=agent)
    scope = parent.ags if parent else "laender"
    slug = f"ew-{scope}-{first.stand.isoformat()}"
    old = AllocationKey.objects.filter(slug=slug).first()
    if old is not None:
        if old.periods.exists():
            raise _err(
                _("The key “%(name)s” is used by a distribution period and cannot be replaced.")
                % {"name": old.name}
            )
        _key_retire(user=user, key=old, agent=agent)
    return key_create(
        user=user,
        agent=agent,
        slug=slug,
        name=_("Population %(scope)s, %(date)s")
        % {"scope": parent.name if parent else _("Länder"), "date": f"{first.stand:%d.%m.%Y}"},
        kind=AllocationKey.Kind.POPULATION,
        source=source,
        licence=licence,
        parent=parent,
        level=level,
        population_date=first.stand,
        shares=[ShareInput(ags=r.ags, population=r.population) for r in rows],
    )


def _key_retire(*, user: User | None, key: AllocationKey, agent: str = "") -> None:
    """Soft-delete an unused key and its shares (they stay in the database) with an audit
    entry, so that a re-import of the same parent and stand can take its short name."""
    shares = KeyShare.objects.filter(key=key)
    count = shares.count()
    shares.update(is_deleted=True, version=F("version") + 1)
    soft_delete(instance=key)
    _body_audit(
        user=user,
        body=None,
        action=Action.DELETE,
        obj=key,
        agent=agent,
        changes={"shares": (count, None), "reason": (None, "replaced by a new import")},
    )


def ni_kreise_population_load(*, user: User | None = None, agent: str = "") -> AllocationKey:
    """The population key of the 45 Kreise of Niedersachsen, 31.12.2024 (LSN), from the CSV
    shipped with the app; idempotent. Creates the Kreis territories that are missing."""
    with NI_KREISE_FILE.open(encoding="utf-8", newline="") as f:
        content = f.read()
    stand = csvio.parse_date(csvio.read_rows(content, required=["stand"])[0][1]["stand"])
    existing = AllocationKey.objects.filter(slug=f"ew-03-{stand.isoformat()}").first()
    if existing is not None:
        return existing
    return population_import(
        user=user,
        agent=agent,
        content=content,
        source=NI_KREISE_SOURCE,
        licence=NI_KREISE_LICENCE,
    )
