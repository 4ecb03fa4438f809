"""Per-field accuracy of ``parse_vorlage`` on the seed Vorlagen and the constructed variants.

``python -m teilhabe.council.parsing.accuracy`` compares ``to_json_dict()`` of every
``tests/fixtures/*.txt`` with its ``*.expected.json`` (field by field, exact equality) and also
runs each text with Windows line endings and a byte order mark. The tests require all of
these to be exact, so their rows show 100 % by construction. ``tests/fixtures/blind/`` holds
texts whose expected output was written before the parser ever saw them and which the tests do
not require (an estimate of how the parser fares on layouts it was not tuned to).
Prints one row per field and then every mismatch.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .vorlage import JSON_KEYS, parse_vorlage

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


GROUPS = ("seeds", "variants", "blind")


def cases(folder: Path = FIXTURES) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(group, name, text, expected) for every fixture and its CR LF/BOM form."""
    for path in sorted(folder.glob("blind/*.txt")):
        expected_path = path.with_name(path.stem + ".expected.json")
        if expected_path.exists():
            expected = json.loads(expected_path.read_text(encoding="utf-8"))
            yield "blind", path.stem, path.read_text(encoding="utf-8"), expected
    for path in sorted(folder.glob("*.txt")):
        expected_path = path.with_name(path.stem + ".expected.json")
        if not expected_path.exists():
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        group = "seeds" if path.stem.startswith("seed_") else "variants"
        yield group, path.stem, text, expected
        yield (
            "variants",
            f"{path.stem} (CR LF, BOM)",
            "\ufeff" + text.replace("\n", "\r\n"),
            expected,
        )


def measure(folder: Path = FIXTURES) -> tuple[dict[str, dict[str, list[int]]], list[str]]:
    """Field → group → [correct, total]; and a list of the mismatches."""
    table: dict[str, dict[str, list[int]]] = {
        key: {group: [0, 0] for group in GROUPS} for key in JSON_KEYS
    }
    misses: list[str] = []
    for group, name, text, expected in cases(folder):
        got = parse_vorlage(text).to_json_dict()
        for key in JSON_KEYS:
            cell = table[key][group]
            cell[1] += 1
            if got[key] == expected[key]:
                cell[0] += 1
            else:
                misses.append(
                    f"[{group}] {name}: {key}: erwartet {expected[key]!r}, erhalten {got[key]!r}"
                )
    return table, misses


def _pct(cell: list[int]) -> str:
    return f"{cell[0]}/{cell[1]} ({100 * cell[0] / cell[1]:.0f} %)" if cell[1] else "–"


def main() -> int:
    table, misses = measure()
    rows = [("Feld", "Seeds", "Varianten", "Seeds + Varianten", "blind (nicht getestet)")]
    for key, groups in table.items():
        both = [groups["seeds"][i] + groups["variants"][i] for i in (0, 1)]
        rows.append(
            (
                key,
                _pct(groups["seeds"]),
                _pct(groups["variants"]),
                _pct(both),
                _pct(groups["blind"]),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
        if n == 0:
            print("-+-".join("-" * w for w in widths))
    for miss in misses:
        print(miss)
    return 1 if any(not m.startswith("[blind]") for m in misses) else 0


if __name__ == "__main__":
    sys.exit(main())
