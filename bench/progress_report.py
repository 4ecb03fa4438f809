"""Time the Sachstandsbericht (content, DOCX, PDF) for the largest demo district.

    .venv/bin/python bench/progress_report.py [--repeat N]

Runs against a throw-away SQLite database in a temporary directory (migrate + load_demo),
never against the configured one. The largest district is the one whose edition in force has
the most measures. Prints the best and the median time per step; the report covers the
current year up to today.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def timed(build: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    build()  # warm up: imports, typst's fonts, matplotlib
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = build()
        times.append(time.perf_counter() - start)
    return times, result


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

        from teilhabe.concepts.models import Edition, Measure
        from teilhabe.documents.progress_report import report_content
        from teilhabe.documents.report_pdf import report_pdf
        from teilhabe.documents.report_word import report_docx

        editions = Edition.objects.filter(status=Edition.Status.IN_FORCE).select_related(
            "concept__body"
        )
        edition = max(editions, key=lambda e: Measure.objects.filter(edition=e).count())
        today = datetime.date.today()
        start = datetime.date(today.year, 1, 1)

        def content() -> dict[str, Any]:
            return report_content(edition=edition, period_from=start, period_to=today)

        content_times, snapshot = timed(content, args.repeat)
        print(
            f"{edition.concept.body.name}, {edition.title}: "
            f"{snapshot['summary']['measures']} measures, {len(snapshot['fields'])} fields of "
            f"action, {len(snapshot['budget']['rows'])} budget rows; period "
            f"{start:%d.%m.%Y}–{today:%d.%m.%Y}"
        )
        jobs = [
            ("content", content_times, None),
            ("docx", *timed(lambda: report_docx(snapshot), args.repeat)),
            ("pdf", *timed(lambda: report_pdf(snapshot), args.repeat)),
        ]
        for name, times, data in jobs:
            size = f"{len(data) / 1024:7.1f} KiB" if data else ""
            print(
                f"{name:8} best {min(times) * 1000:7.1f} ms   median "
                f"{statistics.median(times) * 1000:7.1f} ms   {size}"
            )
        for name, (_n, times, _d) in (("docx", jobs[1]), ("pdf", jobs[2])):
            both = [c + t for c, t in zip(content_times, times, strict=True)]
            print(f"content + {name} median {statistics.median(both) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
