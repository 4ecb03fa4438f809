"""The Integrationskonzept: concept, editions (Fortschreibungen) and their tree.

Every tree item carries a ``key`` that its copies in later editions keep: the identity by
which the edition diff matches items across editions. ``public_id`` identifies one row.
"""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.core.models import BaseModel, Body

key_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]{0,63}$",
    _("Use lower-case letters, digits, '-' and '_' (at most 64 characters)."),
)


class Actor(BaseModel):
    """Akteur: a department, provider, association or council that carries measures."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("internal (administration)")
        EXTERNAL = "external", _("external")

    class Category(models.TextChoices):
        DEPARTMENT = "department", _("department (Fachdienst, Referat, Stabsstelle)")
        PROVIDER = "provider", _("provider (Träger)")
        ASSOCIATION = "association", _("association or initiative")
        JOBCENTER = "jobcenter", _("Jobcenter")
        ADULT_EDUCATION = "adult_education", _("adult education centre (KVHS)")
        MIGRANT_COUNCIL = "migrant_council", _("migrants' council (KMV, Integrationsbeirat)")
        NETWORK = "network", _("network")
        POLITICS = "politics", _("council and politics")
        OTHER = "other", _("other")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="actors"
    )
    key = models.CharField(_("key"), max_length=64, validators=[key_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    description = models.TextField(_("description"), blank=True)
    #: Users who may update the measures this actor leads (contributors).
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact persons"),
        blank=True,
        related_name="actors",
    )

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "key"],
                condition=models.Q(is_deleted=False),
                name="actor_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Concept(BaseModel):
    """Integrationskonzept of a body; its content lives in editions."""

    body = models.OneToOneField(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="concept"
    )
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("integration concept")
        verbose_name_plural = _("integration concepts")

    def __str__(self) -> str:
        return self.title


class Edition(BaseModel):
    """Ausgabe / Fortschreibung: one version of the concept."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_CONSULTATION = "in_consultation", _("in consultation")
        IN_FORCE = "in_force", _("in force")
        SUPERSEDED = "superseded", _("superseded")

    #: Statuses the public may read: what the council adopted.
    PUBLIC_STATUSES = (Status.IN_FORCE, Status.SUPERSEDED)

    concept = models.ForeignKey(
        Concept, verbose_name=_("concept"), on_delete=models.PROTECT, related_name="editions"
    )
    label = models.CharField(
        _("label"),
        max_length=50,
        help_text=_("Short name of the edition, e.g. “2024”."),
        validators=[RegexValidator(r"^[^/\\]+$", _("A label cannot contain slashes."))],
    )
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    valid_from = models.DateField(_("in force since"), null=True, blank=True)
    review_due = models.DateField(
        _("next update due"),
        null=True,
        blank=True,
        help_text=_("Defaults to two years after the edition comes into force."),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    source_note = models.TextField(
        _("source and decision"),
        blank=True,
        help_text=_("Where the content comes from and which decision adopted it."),
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("predecessor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "label"],
                condition=models.Q(is_deleted=False),
                name="edition_label_unique",
            ),
            models.UniqueConstraint(
                fields=["concept"],
                condition=models.Q(status="in_force", is_deleted=False),
                name="one_edition_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.label})"

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_editable(self) -> bool:
        """Superseded editions are the record of what was decided; they never change."""
        return self.status != self.Status.SUPERSEDED


class TreeItem(BaseModel):
    """An item of an edition's tree, ordered among its siblings by ``position``."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(_("key"), max_length=64, validators=[key_validator])
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(getattr(self, "title", self.key))


def _unique_key(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["edition", "key"], condition=models.Q(is_deleted=False), name=name
    )


class Principle(TreeItem):
    """Leitbild / Leitgrundsatz."""

    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)

    class Meta(TreeItem.Meta):
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        constraints = [_unique_key("principle_key_unique")]


class Section(TreeItem):
    """A chapter of narrative text: starting point, structures, method, figures."""

    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)

    class Meta(TreeItem.Meta):
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [_unique_key("section_key_unique")]


class FieldOfAction(TreeItem):
    """Handlungsfeld / Themenfeld."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    cross_cutting = models.BooleanField(
        _("cross-cutting"),
        default=False,
        help_text=_("Measures that belong to no single field (themenunabhängige Maßnahmen)."),
    )

    class Meta(TreeItem.Meta):
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        constraints = [_unique_key("field_key_unique")]


class Goal(TreeItem):
    """Übergeordnetes Ziel of a field of action."""

    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.PROTECT,
        related_name="goals",
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)

    class Meta(TreeItem.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [_unique_key("goal_key_unique")]


class Objective(TreeItem):
    """Teilziel / Handlungsziel of a field of action."""

    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.PROTECT,
        related_name="objectives",
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(
        Goal, verbose_name=_("goals"), blank=True, related_name="objectives"
    )

    class Meta(TreeItem.Meta):
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [_unique_key("objective_key_unique")]


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    PREPARING = "preparing", _("in preparation")
    IN_PROGRESS = "in_progress", _("in progress")
    IMPLEMENTED = "implemented", _("implemented")
    ESTABLISHED = "established", _("established (verstetigt)")
    POSTPONED = "postponed", _("postponed")
    DROPPED = "dropped", _("dropped")


class Measure(TreeItem):
    """Maßnahme / Handlungsempfehlung."""

    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("objectives"), blank=True, related_name="measures"
    )
    lead_actor = models.ForeignKey(
        Actor,
        verbose_name=_("lead actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_measures",
    )
    partner_actors = models.ManyToManyField(
        Actor, verbose_name=_("partners"), blank=True, related_name="partner_measures"
    )
    target_groups = models.CharField(_("target groups"), max_length=500, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    planned_budget = models.DecimalField(
        _("planned budget (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, blank=True)
    is_focus = models.BooleanField(_("strategic focus"), default=False)
    source_note = models.TextField(
        _("origin"),
        blank=True,
        help_text=_("Where the measure comes from, e.g. a contribution of the migrants' council."),
    )

    class Meta(TreeItem.Meta):
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            _unique_key("measure_key_unique"),
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="measure_end_after_start",
                violation_error_message=_("The end lies before the start."),
            ),
        ]

    #: The fields whose difference makes a continued measure a changed one.
    CONTENT_FIELDS = ("title", "description", "target_groups", "start", "end", "planned_budget")


class Lineage(BaseModel):
    """What became of a measure of the predecessor edition in a new edition.

    One row per (predecessor, successor) pair; a dropped measure has no successor.
    A ``continued`` link whose measures differ is shown as changed.
    """

    class Kind(models.TextChoices):
        CONTINUED = "continued", _("continued")
        MERGED = "merged", _("merged")
        SPLIT = "split", _("split")
        DROPPED = "dropped", _("dropped")

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="lineage"
    )
    predecessor = models.ForeignKey(
        Measure,
        verbose_name=_("earlier measure"),
        on_delete=models.PROTECT,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessor_links",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("lineage")
        verbose_name_plural = _("lineage")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="dropped", successor__isnull=True)
                | (~models.Q(kind="dropped") & models.Q(successor__isnull=False)),
                name="lineage_dropped_has_no_successor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor or '–'} ({self.shown_kind_label})"

    @property
    def is_changed(self) -> bool:
        """A continued measure whose content differs from its original reads as changed."""
        return (
            self.kind == self.Kind.CONTINUED
            and self.successor is not None
            and any(
                getattr(self.predecessor, f) != getattr(self.successor, f)
                for f in Measure.CONTENT_FIELDS
            )
        )

    @property
    def shown_kind_label(self) -> str:
        return str(_("changed")) if self.is_changed else str(self.get_kind_display())


class Focus(BaseModel):
    """Strategischer Schwerpunkt of a year, decided for the edition in force."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="foci"
    )
    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(1990)])
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="foci",
    )
    description = models.TextField(_("description"), blank=True)
    source_note = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("strategic focus")
        verbose_name_plural = _("strategic foci")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return f"{self.year}: {self.field or self.description[:50]}"
