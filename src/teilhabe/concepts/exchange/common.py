"""What every part of the exchange format shares: its name, its schema, its error."""

import json
from functools import cache
from pathlib import Path
from typing import Any

FORMAT = "teilhabe-edition/1"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "edition.schema.json"


class ImportErrors(Exception):
    """The data cannot be imported; ``errors`` lists every problem as ``path: reason``."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
