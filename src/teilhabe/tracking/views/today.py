"""„Heute zu tun“: the coordinator's dashboard, a read-only overview for the other members."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from teilhabe.core.charts import bar_chart_svg

from .. import selectors
from .common import context_of, member_body


def light_chart(counts: list[tuple[str, str, int]], *, title: str, chart_id: str) -> str:
    """Bar chart of the measures per light; the page shows the same numbers in a table."""
    if not any(n for _light, _label, n in counts):
        return ""
    return bar_chart_svg(
        labels=[label for _light, label, _n in counts],
        quotas=[float(n) for _light, _label, n in counts],
        assigned=None,
        title=title,
        description=_(
            "Bar chart of the number of measures per traffic light; the same numbers are in "
            "the table next to it."
        ),
        quota_label=_("measures"),
        assigned_label="",
        chart_id=chart_id,
    )


@login_required
@require_GET
def today(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = member_body(request, body)
    data = selectors.today_for(user=request.user, body=body_obj, today=timezone.localdate())
    chart = light_chart(data.counts, title=_("Measures by traffic light"), chart_id="lights")
    return render(
        request,
        "tracking/today.html",
        context_of(request, body_obj, "today")
        | {
            "data": data,
            "chart": mark_safe(chart),  # noqa: S308 - our own SVG, texts escaped
            "total": sum(n for _light, _label, n in data.counts),
        },
    )
