"""``manage.py load_demo``: the demo bodies, their data and logins (idempotent).

Every app may bring demo data in a module ``<app>.demo`` with a function
``load(*, out: Callable[[str], None]) -> list[Login]``; they run in the order of
INSTALLED_APPS, so each app finds the data of the apps it builds on.
"""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Lädt die Demodaten (Wesermarsch, Peine, Börde, Rotenburg (Wümme)) und legt die "
        "Demo-Zugänge an. Ein zweiter Aufruf ändert nichts."
    )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        logins: list[tuple[str, str, str, str]] = []
        for app in apps.get_app_configs():
            module_name = f"{app.name}.demo"
            if app.name.startswith("teilhabe.") and find_spec(module_name) is not None:
                logins += import_module(module_name).load(out=self.stdout.write)
        self.stdout.write("")
        self.stdout.write("Demo-Zugänge:")
        rows = [("Benutzer", "Passwort", "Rolle", "Körperschaft"), *logins]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            self.stdout.write(
                "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            )
