"""The exchange format for one complete edition: ``teilhabe-edition/1`` (YAML or JSON).

``edition_export`` turns an edition into a plain dict that ``dump_yaml`` / ``dump_json``
write deterministically; ``edition_import`` validates such a dict completely (structure by
``edition.schema.json``, meaning in Python), collects every error as ``path: reason`` in
German and only then creates everything through the services, in one transaction.

The format is documented in ``docs/exchange-format.md``.
"""

from .common import FORMAT, ImportErrors, schema
from .export import edition_export
from .files import dump_json, dump_yaml, load_file, loads
from .importer import edition_import
from .validation import parse_budget, validate

__all__ = [
    "FORMAT",
    "ImportErrors",
    "dump_json",
    "dump_yaml",
    "edition_export",
    "edition_import",
    "load_file",
    "loads",
    "parse_budget",
    "schema",
    "validate",
]
