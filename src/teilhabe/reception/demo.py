"""Demo data of reception: the published Königsteiner keys 2010–2020, the population of the
Länder (Destatis 12411-0010), the Land body Niedersachsen with a state-office login, the
population key of the 45 Kreise of Niedersachsen (LSN, 31.12.2024, ``data/SOURCE.md``) and the
Kreis territories named in the published example quotas.

Nothing here is invented. No distribution period is computed: the published quotas of
Niedersachsen cannot be reproduced from the population alone (see docs/reception.md), so the
state office enters its own periods.
"""

import csv
from collections.abc import Callable

from teilhabe.core.demo import AGENT, Login
from teilhabe.core.models import Body, Membership, Role, Territory, User
from teilhabe.core.services import body_create, membership_create, territory_ensure, user_create

from . import services

PASSWORD = "teilhabe-demo"  # noqa: S105 - the documented demo password
STATE_USER = "niedersachsen-lab"


def load(*, out: Callable[[str], None]) -> list[Login]:
    keys = services.ks_load_published(agent=AGENT)
    out(f"Königsteiner Schlüssel: {len(keys)} Jahrgänge vorhanden.")
    keys = services.laender_population_load(agent=AGENT)
    out(f"Einwohner der Länder: {len(keys)} Stichtage vorhanden.")
    body = Body.objects.filter(territory__ags="03").first()
    if body is None:
        body = body_create(
            user=None, name="Niedersachsen", kind=Body.Kind.LAND, ags="03", agent=AGENT
        )
        out("Körperschaft Niedersachsen (Land) angelegt.")
    key = services.ni_kreise_population_load(agent=AGENT)
    out(f"Einwohner der Kreise Niedersachsens: {key.shares.count()} Kreise ({key.name}).")
    with (services.DATA_DIR / "ni_verteilkontingente_beispiele.csv").open(
        encoding="utf-8", newline=""
    ) as f:
        for row in csv.DictReader(f):
            ags = row["ags"]
            if len(ags) == 5 and not Territory.objects.filter(ags=ags).exists():
                name = row["kommune"]
                if ", Stadt" in name:
                    name = "Stadt " + name.replace(", Stadt", "")
                territory_ensure(ags=ags, name=name, agent=AGENT)
    user = User.objects.filter(username=STATE_USER).first()
    if user is None:
        user = user_create(acting_user=None, username=STATE_USER, password=PASSWORD, agent=AGENT)
        out(f"Benutzer {STATE_USER} angelegt.")
    if not Membership.objects.filter(user=user, body=body).exists():
        membership_create(
            acting_user=None, user=user, body=body, role=Role.COORDINATOR, agent=AGENT
        )
    return [(STATE_USER, PASSWORD, "Landesaufnahmebehörde (Koordination)", body.name)]
