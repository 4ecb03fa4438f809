"""The line chart as SVG and PNG, and the target marker."""

from teilhabe.core import charts

SERIES = [("Landkreis Alpha", [(2021, 1100.0), (2022, 1180.0), (2023, 1250.0)])]
TARGET = (2026, 2000.0, "Zielwert 2.000 bis 31.12.2026")


def test_line_chart_png_is_a_deterministic_png() -> None:
    first = charts.line_chart_png(series=SERIES, y_label="Personen", target=TARGET)
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert charts.line_chart_png(series=SERIES, y_label="Personen", target=TARGET) == first
    assert charts.line_chart_png(series=SERIES, y_label="Personen") != first
    # the resolution is the caller's: more dots, more bytes
    assert len(charts.line_chart_png(series=SERIES, dpi=300)) > len(
        charts.line_chart_png(series=SERIES, dpi=72)
    )


def _svg(**kwargs: object) -> str:
    return charts.line_chart_svg(
        series=SERIES, title="Teilnehmende", description="Zahlen in der Tabelle", **kwargs
    )


def _legend(svg: str) -> str:
    return svg[svg.index('<g id="legend_1">') :]


def test_the_target_marker_is_in_the_legend_and_on_the_axis() -> None:
    plain, marked = _svg(), _svg(target=TARGET)
    assert 'role="img"' in marked and '<title id="chart-title">Teilnehmende</title>' in marked
    # the legend has a second entry (a line with its marker and a text) in the target's colour
    assert _legend(plain).count('<g id="line2d_') == 1
    assert _legend(marked).count('<g id="line2d_') == 2
    assert _legend(marked).count('<g id="text_') == 2
    assert f"stroke: {charts.TARGET_COLOUR}" in _legend(marked)
    assert charts.TARGET_COLOUR not in plain
    # the dashed line at the target value; the due year gets its tick
    assert marked.count("stroke-dasharray") > plain.count("stroke-dasharray")
    assert plain.count('id="xtick_') == 3 and marked.count('id="xtick_') == 4


def test_without_a_target_nothing_changes() -> None:
    assert _svg(target=None) == _svg()
