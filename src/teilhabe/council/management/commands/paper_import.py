"""``manage.py paper_import --body AGS FILE …``: save pasted Vorlagen (plain text) as papers;
``manage.py paper_import --json FILE …``: print the extracted fields, one JSON object per file
and line, without saving anything.

Saving goes through ``importing.paper_import`` with the fields as extracted (no review): each
file is saved completely or not at all; a file that fails does not stop the others, but the
command ends with an error naming how many failed.
"""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.core.models import Body
from teilhabe.council import importing
from teilhabe.council.forms import decode_text
from teilhabe.council.parsing import parse_vorlage

AGENT = "paper_import"


def read_text(path: Path) -> str:
    """The file as text: UTF-8 (with or without BOM), else Windows-1252."""
    return decode_text(path.read_bytes())


class Command(BaseCommand):
    help = (
        "Liest Vorlagen als Text (kopiert aus ALLRIS, SessionNet/Bürgerinfo oder aus einem PDF) "
        "und speichert jede Datei mit --body AGS als Vorlage mit ihrer Beratungsfolge; mit --json "
        "wird nichts gespeichert, sondern je Datei ein JSON-Objekt mit den erkannten Feldern "
        "ausgegeben (reference, date, title, status, lead_department, consultations, "
        "decision_proposal, amounts_eur, attachments, votes; null, wo der Text nichts sagt)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="DATEI")
        parser.add_argument(
            "--json",
            action="store_true",
            help="die erkannten Felder je Datei als eine JSON-Zeile ausgeben (nichts speichern)",
        )
        parser.add_argument(
            "--body",
            metavar="AGS",
            help="Amtlicher Gemeindeschlüssel der Körperschaft, für die gespeichert wird",
        )

    def handle(
        self, *args: Any, files: list[str], json: bool, body: str | None, **options: Any
    ) -> None:
        target: Body | None = None
        if not json:
            if not body:
                raise CommandError(
                    "Ohne --json werden die Vorlagen gespeichert: bitte --body AGS angeben "
                    "(oder mit --json nur die erkannten Felder ausgeben)."
                )
            target = Body.objects.filter(territory__ags=body).first()
            if target is None:
                raise CommandError(f"Es gibt keine Körperschaft mit dem AGS „{body}“.")
        paths = [Path(name) for name in files]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"Die Datei „{path}“ gibt es nicht.")
        failed = 0
        for path in paths:
            try:
                text = read_text(path)
            except OSError as exc:
                raise CommandError(
                    f"Die Datei „{path}“ kann nicht gelesen werden ({exc.strerror})."
                ) from exc
            paper = parse_vorlage(text)
            for warning in paper.warnings:
                self.stderr.write(f"{path}: {warning}")
            if target is None:
                self.stdout.write(_dumps(paper.to_json_dict()))
                continue
            try:
                saved = importing.paper_import(
                    user=None,
                    body=target,
                    parsed=paper,
                    source_text=text,
                    overrides={},
                    agent=AGENT,
                )
            except ValidationError as exc:
                failed += 1
                self.stderr.write(f"{path}: nicht gespeichert – {' '.join(exc.messages)}")
                continue
            steps = saved.consultations.count()
            attachments = saved.files.count()
            label = f"{saved.reference} „{saved.title}“" if saved.reference else f"„{saved.title}“"
            self.stdout.write(
                f"{path}: Vorlage {label} für {target.name} angelegt "
                f"({steps} Schritte der Beratungsfolge, {attachments} Anlagen, "
                f"{len(paper.unrecognised)} Abschnitte nicht erkannt)."
            )
        if failed:
            raise CommandError(
                f"{failed} von {len(paths)} Dateien wurden nicht gespeichert (siehe oben)."
            )


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)
