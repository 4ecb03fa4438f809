"""Demo data of core: the superuser who administers the bodies."""

from collections.abc import Callable

from .laender import LAENDER
from .models import User
from .services import territory_ensure, user_create

#: (user name, password, role as the login table shows it, body)
Login = tuple[str, str, str, str]
ADMIN = ("admin", "teilhabe-admin")
AGENT = "load_demo"


def load(*, out: Callable[[str], None]) -> list[Login]:
    # The migration adds the Länder; a flushed test database has lost them.
    for ags, name in LAENDER:
        territory_ensure(ags=ags, name=name, agent=AGENT)
    if not User.objects.filter(username=ADMIN[0]).exists():
        user_create(
            acting_user=None, username=ADMIN[0], password=ADMIN[1], is_superuser=True, agent=AGENT
        )
        out(f"Benutzer {ADMIN[0]} angelegt.")
    return [(ADMIN[0], ADMIN[1], "Administration", "alle")]
