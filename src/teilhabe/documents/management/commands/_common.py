"""What the document commands share: finding the body, writing the file."""

from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from teilhabe.core.models import Body


def add_body_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--body",
        required=True,
        metavar="AGS",
        help="Amtlicher Gemeindeschlüssel der Körperschaft, z. B. 03461",
    )


def add_output_argument(parser: CommandParser) -> None:
    parser.add_argument("--output", required=True, metavar="FILE", help="Zieldatei")


def body_by_ags(ags: str) -> Body:
    body = Body.objects.filter(territory__ags=ags).select_related("territory").first()
    if body is None:
        raise CommandError(f"Es gibt keine Körperschaft mit dem AGS „{ags}“.")
    return body


def write(output: str, content: bytes) -> Path:
    path = Path(output)
    if not path.parent.is_dir():
        raise CommandError(f"Das Verzeichnis „{path.parent}“ gibt es nicht.")
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise CommandError(f"„{path}“ kann nicht geschrieben werden: {exc.strerror}.") from exc
    return path
