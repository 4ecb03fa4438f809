"""Indicators, their observations per territory and period, import batches and targets.

Monitoring (the state of society, no single measure causes it) and controlling (what the
measures produce: output indicators) share one model and are told apart by ``kind``.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.concepts.models import Goal, Objective
from teilhabe.core.models import BaseModel, Body, Territory

from .parsers.common import period_label

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_.-]{0,99}$",
    _("Use lower-case letters, digits, '.', '-' and '_' (at most 100 characters)."),
)


class Unit(models.TextChoices):
    PERSONS = "persons", _("persons")
    COUNT = "count", pgettext_lazy("unit", "number")
    PERCENT = "percent", _("percent")
    PER_1000 = "per_1000", _("per 1,000")
    PER_100000 = "per_100000", _("per 100,000")
    EURO = "euro", _("euro")
    YEARS = "years", _("years")
    OTHER = "other", _("other")


class MissingReason(models.TextChoices):
    """The placeholders of the official statistics (Zeichenerklärung); never read as 0."""

    NOTHING = "-", _("- nothing (exactly zero or no case)")
    UNKNOWN = ".", _(". unknown or kept secret")
    UNRELIABLE = "/", _("/ not reliable enough")
    BLOCKED = "x", _("x blocked, not meaningful")
    NOT_YET = "...", _("... not yet available")
    UNCERTAIN = "()", _("( ) limited reliability")


class Indicator(BaseModel):
    """An indicator: a shared catalogue entry (``body`` empty) or a body's own one."""

    class Kind(models.TextChoices):
        MONITORING = "monitoring", _("monitoring (state of society)")
        OUTPUT = "output", _("output (controlling of measures)")

    class Level(models.TextChoices):
        LAND = "land", _("Land")
        KREIS = "kreis", _("Kreis")
        GEMEINDE = "gemeinde", _("Gemeinde")

    class Frequency(models.TextChoices):
        ANNUAL = "annual", _("annual")
        BIENNIAL = "biennial", _("every two years")
        QUARTERLY = "quarterly", _("quarterly")
        MONTHLY = "monthly", _("monthly")
        IRREGULAR = "irregular", _("irregular")

    class Direction(models.TextChoices):
        UP = "up", _("higher is better")
        DOWN = "down", _("lower is better")
        NEUTRAL = "neutral", _("no direction (context)")

    class Formula(models.TextChoices):
        NONE = "", _("observed (imported)")
        RATIO = "ratio", _("derived: numerator ÷ denominator × factor")

    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text=_("Empty for the shared catalogue of official statistics."),
    )
    code = models.CharField(_("code"), max_length=100, validators=[code_validator])
    reference = models.CharField(
        _("reference number"), max_length=30, blank=True, help_text=_("e.g. LSN 1.2.1")
    )
    name_de = models.CharField(_("name (German)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    numerator = models.CharField(_("numerator"), max_length=300, blank=True)
    denominator = models.CharField(_("denominator"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    source_statistic = models.CharField(_("source statistic"), max_length=300, blank=True)
    table_code = models.CharField(
        _("table code"), max_length=40, blank=True, help_text=_("e.g. GENESIS 12521-0040")
    )
    column_label = models.CharField(
        _("column header"),
        max_length=300,
        blank=True,
        help_text=_("The value column of the table, as its header rows name it."),
    )
    variable_code = models.CharField(
        _("GENESIS variable code"), max_length=60, blank=True, help_text=_("e.g. BEVSTD")
    )
    level = models.CharField(
        _("territorial level"), max_length=10, choices=Level.choices, default=Level.KREIS
    )
    frequency = models.CharField(
        _("update frequency"), max_length=10, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    direction = models.CharField(
        _("desired direction"), max_length=10, choices=Direction.choices, default=Direction.NEUTRAL
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MONITORING)
    shared = models.BooleanField(
        _("shared"),
        default=True,
        help_text=_("Other bodies and the public may read this indicator and its values."),
    )
    formula = models.CharField(
        _("computation"), max_length=10, choices=Formula.choices, default="", blank=True
    )
    numerator_indicator = models.ForeignKey(
        "self",
        verbose_name=_("numerator indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    denominator_indicator = models.ForeignKey(
        "self",
        verbose_name=_("denominator indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    factor = models.DecimalField(_("factor"), max_digits=12, decimal_places=2, default=1)
    decimals = models.PositiveSmallIntegerField(
        _("decimal places"), default=0, validators=[MaxValueValidator(6)]
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["reference", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(body__isnull=True, is_deleted=False),
                name="indicator_catalogue_code_unique",
            ),
            models.UniqueConstraint(
                fields=["body", "code"],
                condition=models.Q(body__isnull=False, is_deleted=False),
                name="indicator_body_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name_de

    @property
    def is_derived(self) -> bool:
        return self.formula == self.Formula.RATIO


class ImportBatch(BaseModel):
    """One import of a file (or one computation of derived values)."""

    class Format(models.TextChoices):
        GENESIS_TABLE = "genesis_table", _("GENESIS table (classic CSV)")
        FFCSV = "ffcsv", _("GENESIS flat file (ffcsv)")
        GENERIC = "generic", _("CSV with column mapping")
        XLSX = "xlsx", _("Excel (XLSX) with column mapping")
        COMPUTED = "computed", _("computed (derived indicator)")
        DEMO = "demo", _("demo data")

    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agent = models.CharField(_("agent"), max_length=100, blank=True)
    filename = models.CharField(_("file"), max_length=300, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    table_code = models.CharField(_("table code"), max_length=40, blank=True)
    sha256 = models.CharField(_("checksum"), max_length=64, blank=True)
    stand = models.DateField(_("data as of"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    rows = models.PositiveIntegerField(_("values read"), default=0)
    created_count = models.PositiveIntegerField(_("new values"), default=0)
    revised_count = models.PositiveIntegerField(_("revised values"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged values"), default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.filename or self.table_code}".strip()


class PeriodKind(models.TextChoices):
    """What an observation's period is; ``period`` holds its last day (the reference date)."""

    YEAR = "year", _("year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")
    DAY = "day", _("reference date")


#: Order of periods that end on the same day: day, month, quarter, year.
PERIOD_ORDER = {"day": 0, "month": 1, "quarter": 2, "year": 3}


class Observation(BaseModel):
    """A value of an indicator for a territory and period.

    A later import of a changed value does not overwrite it: the old row stays with
    ``is_current`` false and points to its successor (``superseded_by``).
    """

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="observations",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="observations",
    )
    #: The reference date: the last day of the year, quarter or month, or the day itself.
    period = models.DateField(_("period"))
    period_kind = models.CharField(
        _("kind of period"), max_length=7, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    #: Kept for readers that only know years; always ``period_kind == "year"``.
    period_is_year = models.BooleanField(_("period is a year"), default=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    missing_reason = models.CharField(
        _("missing value"), max_length=3, choices=MissingReason.choices, blank=True
    )
    quality_flag = models.CharField(_("quality flag"), max_length=5, blank=True)
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)
    stand = models.DateField(_("data as of"), null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
    )
    is_current = models.BooleanField(_("current"), default=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("revised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["indicator", "territory", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory", "period", "period_kind"],
                condition=models.Q(is_current=True, is_deleted=False),
                name="observation_one_current_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(period_is_year=True, period_kind="year")
                | models.Q(period_is_year=False) & ~models.Q(period_kind="year"),
                name="observation_period_is_year_matches_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False, missing_reason="")
                | models.Q(value__isnull=True) & ~models.Q(missing_reason=""),
                name="observation_value_xor_missing",
            ),
        ]
        indexes = [models.Index(fields=["territory", "indicator", "period"])]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.missing_reason
        return f"{self.indicator.code} {self.territory.ags} {self.period_label}: {shown}"

    @property
    def period_label(self) -> str:
        """``2024``, ``2024-Q1``, ``2024-03`` or ``31.03.2024`` (readable by the importer)."""
        return period_label(self.period, self.period_kind)

    @property
    def sort_key(self) -> tuple[datetime.date, int]:
        """Chronological, and a year after its December and fourth quarter (same last day)."""
        return self.period, PERIOD_ORDER.get(self.period_kind, 0)


class Target(BaseModel):
    """Zielwert: where an indicator should be for a territory by a date, linked to the concept."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="targets"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=20, decimal_places=6)
    due = models.DateField(_("due date"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(goal__isnull=False, objective__isnull=True)
                | models.Q(goal__isnull=True, objective__isnull=False),
                name="target_goal_xor_objective",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} → {self.target_value} ({self.due:%d.%m.%Y})"


class PendingUpload(BaseModel):
    """An uploaded file between its preview and the confirmed import (kept a day at most)."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=300, blank=True)
    data = models.BinaryField(_("content"))
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    sha256 = models.CharField(_("checksum"), max_length=64)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")

    def __str__(self) -> str:
        return self.filename or str(self.public_id)
