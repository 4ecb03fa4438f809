"""Server-side SVG bar charts with matplotlib (Agg, text as paths: no fonts are loaded by the
browser, no external request). Every chart is shown next to a table with the same numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

QUOTA_COLOUR = "#1d4f91"
ASSIGNED_COLOUR = "#e07b00"


def bar_chart_svg(
    *,
    labels: Sequence[str],
    quotas: Sequence[int],
    assigned: Sequence[int] | None,
    title: str,
    description: str,
    quota_label: str,
    assigned_label: str,
) -> str:
    """A horizontal bar chart as an inline SVG string with ``role="img"``, a title and a
    description for screen readers."""
    height = max(2.0, 0.32 * len(labels) + 1.2)
    with plt.rc_context(
        {"svg.fonttype": "path", "svg.hashsalt": "teilhabe", "font.family": "DejaVu Sans"}
    ):
        fig, ax = plt.subplots(figsize=(8, height))
        positions = list(range(len(labels)))
        bar = 0.4 if assigned is not None else 0.7
        ax.barh(
            [p - (bar / 2 if assigned is not None else 0) for p in positions],
            quotas,
            height=bar,
            color=QUOTA_COLOUR,
            label=quota_label,
        )
        if assigned is not None:
            ax.barh(
                [p + bar / 2 for p in positions],
                assigned,
                height=bar,
                color=ASSIGNED_COLOUR,
                label=assigned_label,
            )
            ax.legend(loc="lower right", frameon=False)
        ax.set_yticks(positions)
        ax.set_yticklabels(labels)
        ax.invert_yaxis()
        ax.spines[["top", "right"]].set_visible(False)
        ax.xaxis.grid(True, color="#dddddd")
        ax.set_axisbelow(True)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    head_end = svg.index(">") + 1
    opening = svg[:head_end].replace(
        "<svg ", '<svg role="img" aria-labelledby="chart-title chart-desc" class="chart" ', 1
    )
    return (
        opening
        + f'<title id="chart-title">{escape(title)}</title>'
        + f'<desc id="chart-desc">{escape(description)}</desc>'
        + svg[head_end:]
    )
