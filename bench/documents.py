"""Time every document type for the largest demo edition (Wesermarsch 2024).

    .venv/bin/python bench/documents.py [--repeat N]

Runs against a throw-away SQLite database in a temporary directory (migrate + load_demo),
never against the configured one. Prints the best and the median time per document.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

        from teilhabe.concepts.models import Edition
        from teilhabe.concepts.selectors import edition_tree
        from teilhabe.core.models import User
        from teilhabe.council.models import Paper
        from teilhabe.council.services import paper_create_for_edition
        from teilhabe.documents.builders import CONCEPT_FORMATS, PAPER_FORMATS

        edition = max(
            Edition.objects.select_related("concept__body"),
            key=lambda e: edition_tree(e).measure_count,
        )
        paper = Paper.objects.filter(edition=edition).first() or paper_create_for_edition(
            user=User.objects.get(username="admin"), edition=edition
        )
        tree = edition_tree(edition)
        print(
            f"{edition.concept.body.name}, {edition.title}: {len(tree.fields)} fields of action, "
            f"{tree.measure_count} measures; paper {paper.reference or paper.title!r} "
            f"with {paper.consultations.count()} consultations"
        )
        jobs = [(f"concept {fmt}", fn, edition) for fmt, fn in CONCEPT_FORMATS.items()]
        jobs += [(f"paper {fmt}", fn, paper) for fmt, fn in PAPER_FORMATS.items()]
        for name, build, obj in jobs:
            build(obj)  # warm up: imports, typst's fonts, templates
            times, size = [], 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                size = len(build(obj))
                times.append(time.perf_counter() - start)
            print(
                f"{name:14} best {min(times) * 1000:7.1f} ms   median "
                f"{statistics.median(times) * 1000:7.1f} ms   {size / 1024:7.1f} KiB"
            )


if __name__ == "__main__":
    main()
