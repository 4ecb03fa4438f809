"""Fail if the German translation is incomplete: an empty or fuzzy entry, or a string missing.

With GNU gettext installed it also extracts the strings from code and templates afresh and
fails if any is missing from the catalogue (run ``scripts/update_messages.sh`` to add them).
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
PO = REPO / "src" / "teilhabe" / "locale" / "de" / "LC_MESSAGES" / "django.po"

problems: list[str] = []
catalogue = polib.pofile(str(PO))
for entry in catalogue:
    if entry.obsolete:
        continue
    where = f"{PO.relative_to(REPO)}:{entry.linenum}"
    if "fuzzy" in entry.flags:
        problems.append(f"{where}: unsicher (fuzzy): {entry.msgid!r}")
    elif entry.msgid_plural and not all(entry.msgstr_plural.values()):
        problems.append(f"{where}: Pluralform fehlt: {entry.msgid!r}")
    elif not entry.msgid_plural and not entry.msgstr:
        problems.append(f"{where}: Übersetzung fehlt: {entry.msgid!r}")

if shutil.which("xgettext"):
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "teilhabe"
        shutil.copytree(
            REPO / "src" / "teilhabe",
            copy,
            ignore=shutil.ignore_patterns("__pycache__", "tests", "*.mo"),
        )
        # A throw-away settings module, so that makemessages writes into the copy only.
        (Path(tmp) / "check_settings.py").write_text(
            f"SECRET_KEY = 'check'\nUSE_I18N = True\nINSTALLED_APPS = []\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "-l",
                "de",
                "--no-obsolete",
                "--no-location",
                "--settings",
                "check_settings",
            ],
            cwd=copy,
            check=True,
            capture_output=True,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": tmp},
        )
        fresh = polib.pofile(str(copy / "locale" / "de" / "LC_MESSAGES" / "django.po"))
        known = {(e.msgctxt, e.msgid) for e in catalogue if not e.obsolete}
        for entry in fresh:
            if (entry.msgctxt, entry.msgid) not in known:
                problems.append(
                    f"nicht im Katalog (scripts/update_messages.sh ausführen): {entry.msgid!r}"
                )
else:
    print("Hinweis: xgettext fehlt, neue Texte im Code werden nicht geprüft.")

if problems:
    print("Die deutsche Übersetzung ist unvollständig:", *problems, sep="\n  ")
    sys.exit(1)
print(f"Übersetzung vollständig: {len(catalogue)} Einträge.")
