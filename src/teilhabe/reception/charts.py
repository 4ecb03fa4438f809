"""The reception charts use the shared renderer in ``teilhabe.core.charts``."""

from teilhabe.core.charts import ASSIGNED_COLOUR, QUOTA_COLOUR, bar_chart_svg

__all__ = ["ASSIGNED_COLOUR", "QUOTA_COLOUR", "bar_chart_svg"]
