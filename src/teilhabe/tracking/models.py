"""Implementation tracking: progress updates, Maßnahmenabfrage, budget lines, report snapshots.

The edition's measures stay in ``concepts``; everything that happens to them after adoption
lives here. Only *accepted* progress updates count: answers from a Maßnahmenabfrage or an
import arrive as pending updates and reach the record when a coordinator accepts them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.concepts.models import Actor, Edition, FieldOfAction, Measure
from teilhabe.core.models import BaseModel, Body
from teilhabe.core.tokens import TokenFields
from teilhabe.core.traffic import Phase

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]

#: The default status list (code, German label is the translation, phase, default percent).
DEFAULT_STATUSES = [
    ("planned", _("planned"), Phase.PLANNED, 0),
    ("preparing", _("in preparation"), Phase.ACTIVE, 10),
    ("in_progress", _("in progress"), Phase.ACTIVE, 50),
    ("implemented", _("implemented"), Phase.DONE, 100),
    ("established", _("established (verstetigt)"), Phase.DONE, 100),
    ("postponed", _("postponed"), Phase.PAUSED, None),
    ("dropped", _("dropped"), Phase.CANCELLED, None),
]


class StatusOption(BaseModel):
    """One entry of a body's configurable status list."""

    body = models.ForeignKey(
        # CASCADE: the list is configuration of the body, not a record of its own.
        Body,
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        related_name="status_options",
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=100)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    default_percent = models.PositiveSmallIntegerField(
        _("default progress (%)"),
        null=True,
        blank=True,
        validators=PERCENT,
        help_text=_("Empty: the percentage of the last report stays."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("status")
        verbose_name_plural = _("statuses")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "code"],
                condition=models.Q(is_deleted=False),
                name="status_option_code_unique",
            )
        ]

    def __str__(self) -> str:
        return self.label


class MeasurePlan(BaseModel):
    """How a measure is tracked: its weight in the roll-up and its update interval."""

    measure = models.OneToOneField(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="plan"
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(0)],
    )
    update_interval_months = models.PositiveSmallIntegerField(
        _("update interval (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )

    class Meta:
        verbose_name = _("tracking plan")
        verbose_name_plural = _("tracking plans")

    def __str__(self) -> str:
        return str(self.measure)


class FieldWeight(BaseModel):
    """The weight of a field of action in the edition's roll-up (default 1)."""

    field = models.OneToOneField(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.PROTECT,
        related_name="weight",
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("field weight")
        verbose_name_plural = _("field weights")

    def __str__(self) -> str:
        return str(self.field)


class Survey(BaseModel):
    """Maßnahmenabfrage: one round of asking the responsible actors for their measures."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    message = models.TextField(_("message to the actors"), blank=True)
    due = models.DateField(_("answer by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("measure survey")
        verbose_name_plural = _("measure surveys")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.title


class SurveyLink(TokenFields, BaseModel):
    """The personal link of one responsible actor in a Maßnahmenabfrage (no account needed)."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("measure survey"), on_delete=models.PROTECT, related_name="links"
    )
    actor = models.ForeignKey(
        Actor, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="survey_links"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    sent = models.DateTimeField(_("sent"), null=True, blank=True)
    answered = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")
        ordering = ["actor__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "actor"],
                condition=models.Q(is_deleted=False),
                name="survey_link_actor_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.actor}"


class ProgressUpdate(BaseModel):
    """Sachstand of one measure at one date. Only accepted updates are part of the record."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    class Source(models.TextChoices):
        COORDINATOR = "coordinator", _("entered by the coordination office")
        SURVEY = "survey", _("answer to a measure survey")
        IMPORT = "import", _("Excel import")

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="updates"
    )
    date = models.DateField(_("date"))
    status = models.ForeignKey(
        StatusOption, verbose_name=_("status"), on_delete=models.PROTECT, related_name="updates"
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"), validators=PERCENT)
    narrative = models.TextField(_("report"), blank=True)
    state = models.CharField(
        _("review"), max_length=10, choices=State.choices, default=State.PENDING
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    link = models.ForeignKey(
        SurveyLink,
        verbose_name=_("survey link"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="updates",
    )
    review_note = models.TextField(_("note of the review"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["measure", "state", "date"])]

    def __str__(self) -> str:
        return f"{self.measure} – {self.date:%d.%m.%Y}: {self.status}"


class Evidence(BaseModel):
    """A file that documents a progress update (Nachweis: flyer, list of participants …)."""

    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("progress update"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    name = models.CharField(_("name"), max_length=300)
    content = models.FileField(_("file"), upload_to="tracking/%Y/")
    mime_type = models.CharField(_("MIME type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class FundingSource(models.TextChoices):
    LAND = "land", _("Land")
    BUND = "bund", _("Federal government")
    KREIS = "kreis", _("District (own funds)")
    EU = "eu", _("EU")
    THIRD_PARTY = "third_party", _("Third-party funds")


def _amount(label: Any) -> models.DecimalField[Decimal, Decimal]:
    """An amount in euros and cents, never negative."""
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )


class BudgetLine(BaseModel):
    """Money in one year for a field of action, a measure, or (neither) the whole concept —
    e.g. the cost of the participation process stated in a Beschlussvorlage."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="budget_lines"
    )
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    label = models.CharField(_("purpose"), max_length=300)
    planned = _amount(_("planned (€)"))
    approved = _amount(_("approved (€)"))
    committed = _amount(_("committed (€)"))
    spent = _amount(_("spent (€)"))
    account = models.CharField(
        _("account"), max_length=60, blank=True, help_text=_("e.g. the Produktsachkonto")
    )
    funding_source = models.CharField(
        _("funding source"),
        max_length=12,
        choices=FundingSource.choices,
        blank=True,
        help_text=_("Empty: the source does not say."),
    )
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(field__isnull=True) | models.Q(measure__isnull=True),
                name="budget_line_field_or_measure",
                violation_error_message=_("Choose a field of action or a measure, not both."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.label}"

    @property
    def overspent(self) -> bool:
        return self.spent > self.approved


class ProgressReport(BaseModel):
    """Sachstandsbericht: a frozen snapshot of what the report showed when it was made.

    ``content`` holds everything the documents need (plain JSON), so opening the report later
    gives the same document even after the data changed.
    """

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="reports"
    )
    title = models.CharField(_("title"), max_length=300)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("scope: field of action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the whole concept."),
    )
    content = models.JSONField(_("content"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")),
                name="progress_report_period_order",
                violation_error_message=_("The end of the period lies before its start."),
            )
        ]

    def __str__(self) -> str:
        return self.title
