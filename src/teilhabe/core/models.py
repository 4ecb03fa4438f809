"""Tenants (bodies), territories, users, memberships and the audit log."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

ags_validator = RegexValidator(
    r"^(\d{2}|\d{5}|\d{8})$",
    _("An AGS has 2 (Land), 5 (Kreis) or 8 (Gemeinde) digits."),
)


class ActiveQuerySet(models.QuerySet):
    def alive(self) -> "ActiveQuerySet":
        return self.filter(is_deleted=False)


class ActiveManager(models.Manager.from_queryset(ActiveQuerySet)):  # type: ignore[misc]
    """The default manager hides soft-deleted rows; ``all_objects`` shows them."""

    def get_queryset(self) -> ActiveQuerySet:
        return super().get_queryset().filter(is_deleted=False)


class BaseModel(models.Model):
    """What every domain object has: a stable public id, timestamps, soft delete, a version.

    ``version`` grows with each saved edit and is the token for optimistic locking.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActiveManager()
    all_objects = models.Manager()  # noqa: DJ012 - the default manager must stay first

    class Meta:
        abstract = True
        base_manager_name = "all_objects"


class User(AbstractUser):
    """A person who logs in. Roles come from memberships per body."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Territory(BaseModel):
    """A Land, Kreis or Gemeinde identified by its Amtlicher Gemeindeschlüssel."""

    class Level(models.TextChoices):
        LAND = "land", _("Land")
        KREIS = "kreis", _("Kreis")
        GEMEINDE = "gemeinde", _("Gemeinde")

    ags = models.CharField(_("AGS"), max_length=8, unique=True, validators=[ags_validator])
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["ags"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ags})"


class Body(BaseModel):
    """The tenant: a district, a kreisfreie Stadt, a Region or a Land."""

    class Kind(models.TextChoices):
        LANDKREIS = "landkreis", _("Landkreis")
        KREISFREIE_STADT = "kreisfreie_stadt", _("kreisfreie Stadt")
        REGION = "region", _("Region")
        LAND = "land", _("Land")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    territory = models.OneToOneField(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="body"
    )
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Shows a notice that the content is sample data taken from public documents."),
    )

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def ags(self) -> str:
        return self.territory.ags

    @property
    def state(self) -> Territory:
        """The Land the body belongs to (itself for a Land)."""
        territory = self.territory
        while territory.parent_id is not None:
            territory = territory.parent  # type: ignore[assignment]
        return territory


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    CONTRIBUTOR = "contributor", _("contributor")
    COUNCIL_MEMBER = "council_member", _("council member")


class Membership(BaseModel):
    """A user's role in one body. The public has no membership."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "body"],
                condition=models.Q(is_deleted=False),
                name="one_live_membership_per_user_and_body",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.body} ({self.get_role_display()})"


class AuditEntry(models.Model):
    """Who changed which object when, and which fields from what to what."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        RESTORE = "restore", _("restored")
        MOVE = "move", _("moved")
        STATUS = "status", _("status changed")
        IMPORT = "import", _("imported")
        COPY = "copy", _("new edition created")

    created = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Who acted when no user did (a command line import, the demo loader).
    agent = models.CharField(_("agent"), max_length=100, blank=True)
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.UUIDField(_("object"), null=True, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300)
    #: ``{field: [old, new]}`` with values as text.
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.created:%d.%m.%Y %H:%M} {self.get_action_display()} {self.object_repr}"
