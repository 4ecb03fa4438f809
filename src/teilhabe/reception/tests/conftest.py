"""Fixtures of the reception tests: a Land, three districts with (test) populations, users."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.test import Client

from teilhabe.core.models import Body, Role, User
from teilhabe.core.services import body_create, membership_create, territory_ensure, user_create
from teilhabe.reception import services
from teilhabe.reception.models import AllocationKey, DistributionPeriod

#: Test populations, clearly not real figures (the AGS 03990-03992 do not exist).
POPULATION_CSV = (
    "ags;name;population;stand\r\n"
    "03990;Landkreis Testheide;100.000;31.12.2023\r\n"
    "03991;Landkreis Probemoor;50000;31.12.2023\r\n"
    "03992;Stadt Musterburg;25000;31.12.2023\r\n"
).encode("cp1252")


@dataclass
class ReceptionWorld:
    land: Body
    districts: dict[str, Body]
    key: AllocationKey
    period: DistributionPeriod
    users: dict[str, User] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


@pytest.fixture
def rworld(db) -> ReceptionWorld:  # type: ignore[no-untyped-def]
    land = Body.objects.filter(territory__ags="03").first() or body_create(
        user=None, name="Niedersachsen", kind="land", ags="03"
    )
    for ags, name in (("03990", "Landkreis Testheide"), ("03991", "Landkreis Probemoor")):
        territory_ensure(ags=ags, name=name)
    districts = {
        "a": body_create(user=None, name="Landkreis Testheide", kind="landkreis", ags="03990"),
        "b": body_create(user=None, name="Landkreis Probemoor", kind="landkreis", ags="03991"),
    }
    key = services.population_import(user=None, content=POPULATION_CSV, source="Testdaten")
    users = {
        name: user_create(acting_user=None, username=name, password=f"pw-{name}-123")
        for name in ("state", "coordinator_a", "contributor_a", "coordinator_b")
    }
    membership_create(acting_user=None, user=users["state"], body=land, role=Role.COORDINATOR)
    membership_create(
        acting_user=None, user=users["coordinator_a"], body=districts["a"], role=Role.COORDINATOR
    )
    membership_create(
        acting_user=None, user=users["contributor_a"], body=districts["a"], role=Role.CONTRIBUTOR
    )
    membership_create(
        acting_user=None, user=users["coordinator_b"], body=districts["b"], role=Role.COORDINATOR
    )
    period = services.period_create(
        user=users["state"],
        body=land,
        name="Verteilzeitraum Test 10/2024",
        start=datetime.date(2024, 10, 1),
        end=datetime.date(2025, 3, 31),
        total=1000,
        key=key,
    )
    return ReceptionWorld(land=land, districts=districts, key=key, period=period, users=users)
