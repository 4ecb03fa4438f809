"""``manage.py load_demo``: the demo districts, their concepts and logins (idempotent)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from teilhabe.concepts.exchange import ImportErrors, edition_import, load_file
from teilhabe.concepts.models import Edition
from teilhabe.core.models import Body, Membership, Role, User
from teilhabe.core.services import membership_create, user_create

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
#: In import order: a predecessor before its successor.
DEMO_FILES = [
    "wesermarsch-2024.yaml",
    "peine-2022-teil-1.yaml",
    "peine-2022-teil-2.yaml",
    "boerde-2018.yaml",
    "rotenburg-wuemme-2023.yaml",
]
ADMIN = ("admin", "teilhabe-admin")
PASSWORD = "teilhabe-demo"  # noqa: S105 - the documented demo password
#: (username suffix, role, the role as the login table shows it)
ROLES = [
    ("koordination", Role.COORDINATOR, "Koordination"),
    ("beitrag", Role.CONTRIBUTOR, "Mitwirkung"),
    ("kreistag", Role.COUNCIL_MEMBER, "Kreistagsmitglied"),
]
AGENT = "load_demo"


class Command(BaseCommand):
    help = (
        "Lädt die Demodaten (Wesermarsch, Peine, Börde, Rotenburg (Wümme)) und legt die "
        "Demo-Zugänge an. Ein zweiter Aufruf ändert nichts."
    )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        logins: list[tuple[str, str, str, str]] = []
        admin = User.objects.filter(username=ADMIN[0]).first()
        if admin is None:
            user_create(
                acting_user=None,
                username=ADMIN[0],
                password=ADMIN[1],
                is_superuser=True,
                agent=AGENT,
            )
            self.stdout.write(f"Benutzer {ADMIN[0]} angelegt.")
        logins.append((ADMIN[0], ADMIN[1], "Administration", "alle"))

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
                    self.stdout.write(f"{name}: Ausgabe „{label}“ gibt es schon.")
                else:
                    edition = edition_import(data=data, agent=AGENT, is_demo=True)
                    body = edition.concept.body
                    self.stdout.write(f"{name}: Ausgabe „{label}“ für {body.name} angelegt.")
            except ImportErrors as exc:
                raise CommandError("\n".join(f"{name}: {e}" for e in exc.errors)) from exc
            bodies[body.pk] = body

        for body in bodies.values():
            for suffix, role, role_name in ROLES:
                username = f"{body.slug}-{suffix}"
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = user_create(
                        acting_user=None, username=username, password=PASSWORD, agent=AGENT
                    )
                    self.stdout.write(f"Benutzer {username} angelegt.")
                if not Membership.objects.filter(user=user, body=body).exists():
                    membership_create(
                        acting_user=None, user=user, body=body, role=role, agent=AGENT
                    )
                logins.append((username, PASSWORD, role_name, body.name))

        self.stdout.write("")
        self.stdout.write("Demo-Zugänge:")
        rows = [("Benutzer", "Passwort", "Rolle", "Körperschaft"), *logins]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            self.stdout.write(
                "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            )
