"""The Sachstandsbericht as PDF (typst), from its snapshot only.

As in :mod:`.pdf`, every text of the snapshot enters the typst source as a string literal
(:func:`~.pdf.tstr`); the status chart and the charts of the monitoring targets are
embedded as the same SVG the web page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import report_layout as R
from .pdf import _meta, _table, _template, compile_source, heading, text_markup, tstr


def _empty(text: str = R.NO_ENTRIES) -> str:
    return f"#emph({tstr(text)})\n\n"


def _table_or_empty(columns: str, header: Sequence[str], rows: list[list[str]]) -> str:
    return _table(columns, header, rows) if rows else _empty()


def _cover(content: dict[str, Any]) -> str:
    cover = content["cover"]
    facts = []
    for label, value in R.cover_facts(content):
        facts += [f"strong({tstr(label + ':')})", tstr(value)]
    note = R.SAMPLE if cover["sample"] else ""
    return (
        f"#title-page({tstr(cover['body'])}, {tstr(cover['concept'])}, {tstr(cover['title'])}, "
        f"({', '.join(facts)},), {tstr(note)})\n\n"
    )


def _summary(content: dict[str, Any]) -> str:
    out = [heading(1, R.H_SUMMARY), f"#{tstr(R.summary_sentence(content))}\n\n"]
    out += [
        f"- #strong({tstr(label + ':')}) #{tstr(value)}\n"
        for label, value in R.summary_facts(content)
    ]
    out.append("\n")
    out.append(heading(2, R.CHART_TITLE))
    svg = R.status_chart_svg(content, chart_id="pdf-status-chart")
    out.append(f'#image(bytes({tstr(svg)}), format: "svg", width: 14cm)\n\n')
    out.append(f"#muted({tstr(R.chart_description(content))})\n\n")
    out.append(
        _table(
            "(auto, auto)",
            ("Ampel", "Maßnahmen"),
            [(item["label"], str(item["count"])) for item in content["summary"]["lights"]],
        )
    )
    return "".join(out)


def _budget(content: dict[str, Any]) -> str:
    budget = content["budget"]
    out = [f"#pagebreak(weak: true)\n{heading(1, R.H_BUDGET)}"]
    if not budget["rows"]:
        return "".join(out) + _empty(R.NO_BUDGET)
    columns = "(1fr, auto, auto, auto, auto, auto, auto)"
    out.append(
        _table(
            columns,
            ("Handlungsfeld", *R.BUDGET_HEADER),
            [[row["field"], *R.budget_row(row, str(row["year"]))] for row in budget["rows"]],
        )
    )
    out.append(heading(2, "Summen nach Jahren"))
    rows = [R.budget_row(row, str(row["year"])) for row in budget["years"]]
    rows.append(R.budget_row(budget["total"], R.TOTAL))
    out.append(_table("(auto, auto, auto, auto, auto, 1fr)", R.BUDGET_HEADER, rows))
    if budget["overspent_lines"]:
        out.append(heading(2, R.OVERSPENT))
        out.append(
            _table(
                "(auto, 1fr, 1fr, auto, auto, auto)",
                ("Jahr", "Zweck", "Für", "bewilligt", "ausgegeben", "Überschreitung"),
                [
                    [str(r["year"]), r["label"], r["owner"], r["approved"], r["spent"], r["over"]]
                    for r in budget["overspent_lines"]
                ],
            )
        )
    return "".join(out)


def _focus(content: dict[str, Any]) -> str:
    out = [heading(1, R.H_FOCUS)]
    if not content["focus"]:
        out.append(_empty())
    for focus in content["focus"]:
        out.append(heading(2, R.focus_heading(focus)))
        out.append(text_markup(focus["description"]))
        out.append(text_markup(focus["decision"]))
    return "".join(out)


def _highlights(content: dict[str, Any]) -> str:
    out = [heading(1, R.H_HIGHLIGHTS)]
    if not content["highlights"]:
        out.append(_empty())
    for row in content["highlights"]:
        line = f" ({row['field']}): {R.highlight_line(row)}"
        out.append(f"- #strong({tstr(row['key'] + ' ' + row['title'])})#{tstr(line)}")
        if row["narrative"]:
            out.append(f" \\\n  #muted({tstr(row['narrative'])})")
        out.append("\n")
    out.append("\n")
    return "".join(out)


def _targets(content: dict[str, Any]) -> str:
    """The targets table, then per target its chart (SVG) and the chart's numbers."""
    out = [
        heading(1, R.H_TARGETS),
        _table(
            "(1fr, auto, auto, auto, auto, auto, auto)",
            R.TARGET_HEADER,
            [R.target_row(r) for r in content["targets"]],
        ),
    ]
    for index, row in enumerate(content["targets"]):
        if not R.has_chart(row):
            continue
        out.append(heading(2, R.target_chart_title(row)))
        svg = R.target_chart_svg(row, chart_id=f"pdf-target-chart-{index}")
        out.append(f'#image(bytes({tstr(svg)}), format: "svg", width: 14cm)\n\n')
        out.append(f"#muted({tstr(R.TARGET_CHART_DESCRIPTION)})\n\n")
        out.append(_table("(auto, auto)", R.SERIES_HEADER, R.target_series_rows(row)))
    return "".join(out)


def _appendix(content: dict[str, Any]) -> str:
    out = [f"#pagebreak(weak: true)\n{heading(1, R.H_APPENDIX)}"]
    if not content["appendix"]:
        return "".join(out) + _empty()
    lines = [
        "#table(",
        "  columns: (auto, 3fr, 1.4fr, 1.2fr, auto, auto, auto),",
        "  table.header(" + ", ".join(f"[#{tstr(h)}]" for h in R.APPENDIX_HEADER) + "),",
    ]
    for row in content["appendix"]:
        cells = R.appendix_row(row)
        title = f"#{tstr(cells[1])}"
        if row["narrative"]:
            title += f" \\ #muted({tstr(row['narrative'])})"
        rendered = [f"[#{tstr(c)}]" for c in cells]
        rendered[1] = f"[{title}]"
        lines.append("  " + ", ".join(rendered) + ",")
    lines.append(")")
    out.append("\n".join(lines) + "\n\n")
    return "".join(out)


def report_source(content: dict[str, Any]) -> str:
    """The typst source of the report (for tests and debugging)."""
    cover = content["cover"]
    out = [
        _meta(body=cover["body"], title=R.document_title(content)),
        _template("report.typ"),
        "\n",
        _cover(content),
        _summary(content),
        heading(1, R.H_FIELDS),
        _table_or_empty(
            "(1fr, auto, auto, auto, auto, auto, auto)",
            R.FIELD_HEADER,
            [R.field_row(r) for r in content["fields"]],
        ),
        _budget(content),
        _focus(content),
        _highlights(content),
        heading(1, R.H_DELAYED),
        _table_or_empty(
            "(auto, 2fr, 1.2fr, auto, 1.5fr, auto)",
            R.DELAYED_HEADER,
            [R.delayed_row(r) for r in content["delayed"]],
        ),
        heading(1, R.H_STALE),
        _table_or_empty(
            "(auto, 2fr, 1.2fr, auto, auto)",
            R.STALE_HEADER,
            [R.stale_row(r) for r in content["stale"]],
        ),
    ]
    if content["targets"]:
        out.append(_targets(content))
    out.append(_appendix(content))
    return "".join(out)


def report_pdf(content: dict[str, Any]) -> bytes:
    """The report's snapshot as PDF, laid out like :func:`.report_word.report_docx`."""
    return compile_source(report_source(content))
