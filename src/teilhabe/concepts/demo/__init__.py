"""Demo data of concepts: the four seed districts' concepts (exchange files in this folder)
and one login per role and district."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import CommandError

from teilhabe.core.demo import AGENT, Login
from teilhabe.core.models import Body, Membership, Role, User
from teilhabe.core.services import membership_create, user_create

from ..exchange import ImportErrors, edition_import, load_file
from ..models import Edition

DEMO_DIR = Path(__file__).resolve().parent
#: In import order: a predecessor before its successor.
DEMO_FILES = [
    "wesermarsch-2024.yaml",
    "peine-2022-teil-1.yaml",
    "peine-2022-teil-2.yaml",
    "boerde-2018.yaml",
    "rotenburg-wuemme-2023.yaml",
]
PASSWORD = "teilhabe-demo"  # noqa: S105 - the documented demo password
#: (username suffix, role, the role as the login table shows it)
ROLES = [
    ("koordination", Role.COORDINATOR, "Koordination"),
    ("beitrag", Role.CONTRIBUTOR, "Mitwirkung"),
    ("kreistag", Role.COUNCIL_MEMBER, "Kreistagsmitglied"),
]


def load(*, out: Callable[[str], None]) -> list[Login]:
    bodies: dict[int, Body] = {}
    for name in DEMO_FILES:
        try:
            data = load_file(DEMO_DIR / name)
            ags, label = data["body"]["ags"], data["edition"]["label"]
            body = Body.objects.filter(territory__ags=ags).first()
            if (
                body is not None
                and Edition.objects.filter(concept__body=body, label=label).exists()
            ):
                out(f"{name}: Ausgabe „{label}“ gibt es schon.")
            else:
                body = edition_import(data=data, agent=AGENT, is_demo=True).concept.body
                out(f"{name}: Ausgabe „{label}“ für {body.name} angelegt.")
        except ImportErrors as exc:
            raise CommandError("\n".join(f"{name}: {e}" for e in exc.errors)) from exc
        bodies[body.pk] = body

    logins: list[Login] = []
    for body in bodies.values():
        for suffix, role, role_name in ROLES:
            username = f"{body.slug}-{suffix}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = user_create(
                    acting_user=None, username=username, password=PASSWORD, agent=AGENT
                )
                out(f"Benutzer {username} angelegt.")
            if not Membership.objects.filter(user=user, body=body).exists():
                membership_create(acting_user=None, user=user, body=body, role=role, agent=AGENT)
            logins.append((username, PASSWORD, role_name, body.name))
    return logins
