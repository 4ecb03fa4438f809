"""Reception: allocation keys, distribution periods, quotas, credits and assignments.

German → code (DESIGN.md glossary): Königsteiner Schlüssel, Verteilschlüssel → ``AllocationKey``;
Verteilzeitraum → ``DistributionPeriod``; Aufnahmequote, Aufnahmesoll → ``Quota``;
Zuweisung → ``Assignment``; Anrechnung, Über-/Unterquote → ``Credit``.
"""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.core.models import BaseModel, Body, Territory

slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]{0,63}$",
    _("Use lower-case letters, digits, '-' and '_' (at most 64 characters)."),
)


class AllocationKey(BaseModel):
    """A key: the Königsteiner Schlüssel of one year, or population figures of one stand date."""

    class Kind(models.TextChoices):
        KOENIGSTEIN = "koenigstein", _("Königsteiner Schlüssel")
        POPULATION = "population", _("population key")
        CUSTOM = "custom", _("custom key")

    slug = models.CharField(_("short name"), max_length=64, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    #: GWK: the year the key is published "for" ("Schlüssel für das Jahr X").
    key_year = models.PositiveIntegerField(_("key year"), null=True, blank=True)
    #: The year § 45 AsylG nominally applies it (key year + 1); see ``applied_note``.
    applied_year = models.PositiveIntegerField(_("applied in year"), null=True, blank=True)
    applied_note = models.TextField(_("note on application"), blank=True)
    publication = models.CharField(_("publication"), max_length=200, blank=True)
    source = models.TextField(_("source"))
    licence = models.TextField(_("licence"), blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimal places"), default=0)
    #: The territory whose parts the key covers (a Land for its Kreise); empty: the Länder.
    parent = models.ForeignKey(
        Territory,
        verbose_name=_("parent territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(
        _("level"), max_length=10, choices=Territory.Level.choices, default=Territory.Level.LAND
    )
    population_date = models.DateField(_("population stand date"), null=True, blank=True)

    class Meta:
        verbose_name = _("allocation key")
        verbose_name_plural = _("allocation keys")
        ordering = ["kind", "-key_year", "-population_date", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(is_deleted=False), name="key_slug_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class KeyShare(BaseModel):
    key = models.ForeignKey(
        AllocationKey, verbose_name=_("key"), on_delete=models.CASCADE, related_name="shares"
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    #: percent; for population keys computed from the population
    share = models.DecimalField(
        _("share (%)"), max_digits=12, decimal_places=7, null=True, blank=True
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("key share")
        verbose_name_plural = _("key shares")
        ordering = ["territory__ags"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "territory"],
                condition=models.Q(is_deleted=False),
                name="key_share_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} – {self.territory}"


class DistributionPeriod(BaseModel):
    """Verteilzeitraum: one contingent of a Land (to its Kreise) or a Kreis (to its Gemeinden)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    body = models.ForeignKey(
        Body, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="periods"
    )
    parent = models.ForeignKey(
        Territory, verbose_name=_("parent territory"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=10, choices=Territory.Level.choices)
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    total = models.PositiveIntegerField(_("total contingent (persons)"))
    key = models.ForeignKey(
        AllocationKey, verbose_name=_("key"), on_delete=models.PROTECT, related_name="periods"
    )
    population_date = models.DateField(_("population stand date"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_periods",
    )
    #: The quota a district passes on to its municipalities with this period.
    source_quota = models.ForeignKey(
        "Quota",
        verbose_name=_("quota passed on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_periods",
    )
    note = models.TextField(_("note"), blank=True)
    method = models.CharField(_("method"), max_length=40, blank=True)
    allocated = models.DateTimeField(_("computed"), null=True, blank=True)

    class Meta:
        verbose_name = _("distribution period")
        verbose_name_plural = _("distribution periods")
        ordering = ["-start", "-created"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class Credit(BaseModel):
    """A signed adjustment of one territory's quota: + shortfall, − surplus or credit."""

    class Kind(models.TextChoices):
        CARRY_OVER = "carry_over", _("carry-over from earlier periods")
        FACILITY = "facility", _("site of a state reception facility")
        UMA = "uma", _("unaccompanied minors")
        OTHER = "other", _("other")

    period = models.ForeignKey(
        DistributionPeriod,
        verbose_name=_("period"),
        on_delete=models.CASCADE,
        related_name="credits",
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    persons = models.IntegerField(
        _("persons"),
        help_text=_("Positive: adds to the quota (shortfall); negative: reduces it."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        ordering = ["territory__ags", "created"]

    def __str__(self) -> str:
        return f"{self.territory}: {self.persons:+d} ({self.get_kind_display()})"


class Quota(BaseModel):
    """Aufnahmequote of one territory in one period, with how it was computed."""

    period = models.ForeignKey(
        DistributionPeriod,
        verbose_name=_("period"),
        on_delete=models.CASCADE,
        related_name="quotas",
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.DecimalField(_("weight"), max_digits=20, decimal_places=7)
    exact_share = models.DecimalField(_("exact share"), max_digits=20, decimal_places=6)
    population_share = models.PositiveIntegerField(_("population share (persons)"))
    carry_over = models.IntegerField(_("carry-over"), default=0)
    credits = models.IntegerField(_("credits"), default=0)
    quota = models.PositiveIntegerField(_("quota"))
    carried_forward = models.IntegerField(_("surplus carried forward"), default=0)
    explanation = models.JSONField(_("explanation"), default=dict)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["territory__ags"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "territory"],
                condition=models.Q(is_deleted=False),
                name="quota_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.territory}: {self.quota}"


class Assignment(BaseModel):
    """Zuweisung: persons assigned to a territory on a date within a period."""

    period = models.ForeignKey(
        DistributionPeriod,
        verbose_name=_("period"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    persons = models.PositiveIntegerField(_("persons"), validators=[MinValueValidator(1)])
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-date", "territory__ags"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.territory}: {self.persons}"
