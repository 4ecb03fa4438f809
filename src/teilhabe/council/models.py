"""Council data shaped after OParl 1.1: bodies' Gremien, meetings, papers and their Beratungsfolge.

Names follow OParl (Organization, Meeting, AgendaItem, Paper, Consultation, File). Vote counts,
which OParl lacks, live on the Consultation.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.concepts.models import Edition
from teilhabe.core.models import BaseModel, Body


class Organization(BaseModel):
    """Gremium (Ausschuss, Kreisausschuss, Kreistag, Beirat) or an administrative unit."""

    class OrganizationType(models.TextChoices):
        GREMIUM = "Gremium", _("committee or council (Gremium)")
        ADMINISTRATION = "Verwaltungsbereich", _("administrative unit")
        EXTERNAL = "externes Gremium", _("external body")
        OTHER = "Sonstiges", _("other")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="organizations"
    )
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    organization_type = models.CharField(
        _("type"), max_length=30, choices=OrganizationType.choices, default=OrganizationType.GREMIUM
    )
    #: OParl classification, e.g. "Ausschuss", "Parlament" (the Kreistag), "Hauptausschuss", "Beirat".
    classification = models.CharField(_("classification"), max_length=100, blank=True)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class LegislativeTerm(BaseModel):
    """Wahlperiode."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="legislative_terms"
    )
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("legislative term")
        verbose_name_plural = _("legislative terms")
        ordering = ["-start_date", "id"]

    def __str__(self) -> str:
        return self.name


class Person(BaseModel):
    """A council member, kept minimal: a name and a form of address, nothing private."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="council_persons"
    )
    name = models.CharField(_("name"), max_length=200)
    form_of_address = models.CharField(_("form of address"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Membership(BaseModel):
    """A person's seat in an organization."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=100, blank=True)
    voting_right = models.BooleanField(_("voting right"), default=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("council membership")
        verbose_name_plural = _("council memberships")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.person} – {self.organization}"


class Location(BaseModel):
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="locations"
    )
    description = models.CharField(_("description"), max_length=300)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["description", "id"]

    def __str__(self) -> str:
        return self.description


class Meeting(BaseModel):
    """Sitzung of one organization."""

    class State(models.TextChoices):
        SCHEDULED = "terminiert", _("scheduled")
        INVITED = "eingeladen", _("invited")
        HELD = "durchgeführt", _("held")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    name = models.CharField(_("name"), max_length=300)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SCHEDULED
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return self.name


class Paper(BaseModel):
    """Vorlage / Beschlussvorlage / Drucksache."""

    class PaperType(models.TextChoices):
        RESOLUTION = "Beschlussvorlage", _("Beschlussvorlage (for decision)")
        COMMUNICATION = "Mitteilungsvorlage", _("Mitteilungsvorlage (communication)")
        INFORMATION = "Informationsvorlage", _("Informationsvorlage (information)")
        MOTION = "Antrag", _("Antrag (motion)")
        QUESTION = "Anfrage", _("Anfrage (question)")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="papers"
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=500)
    paper_type = models.CharField(
        _("paper type"), max_length=30, choices=PaperType.choices, default=PaperType.RESOLUTION
    )
    date = models.DateField(_("date"), null=True, blank=True)
    public = models.BooleanField(_("public"), default=True)
    lead_department = models.ForeignKey(
        Organization,
        verbose_name=_("lead department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_papers",
    )
    clerk = models.CharField(_("clerk"), max_length=200, blank=True)
    file_number = models.CharField(_("file number"), max_length=100, blank=True)
    decision_proposal = models.TextField(_("decision proposal"), blank=True)
    facts = models.TextField(_("facts (Sachverhalt)"), blank=True)
    financial_amount = models.DecimalField(
        _("financial impact (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    in_budget = models.BooleanField(_("in the budget"), null=True, blank=True)
    accounts = models.CharField(_("accounts (Produktsachkonto)"), max_length=500, blank=True)
    financial_text = models.TextField(_("financial impact"), blank=True)
    personnel_text = models.TextField(_("personnel impact"), blank=True)
    relevance_gender = models.BooleanField(
        _("relevance: gender mainstreaming"), null=True, blank=True
    )
    relevance_migration = models.BooleanField(_("relevance: migration"), null=True, blank=True)
    relevance_prevention = models.BooleanField(
        _("relevance: prevention/sustainability"), null=True, blank=True
    )
    relevance_education = models.BooleanField(_("relevance: education"), null=True, blank=True)
    relevance_climate = models.BooleanField(
        _("relevance: climate/environment/nature"), null=True, blank=True
    )
    qualified_majority = models.BooleanField(_("qualified majority"), null=True, blank=True)
    climate_text = models.TextField(_("climate relevance"), blank=True)
    #: The concept edition this paper decides (Beschlussvorlage zu einer Fortschreibung).
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition decided"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="papers",
    )
    #: The text the paper was imported from, and what the import did not recognise (kept verbatim).
    source_text = models.TextField(_("source text"), blank=True)
    unrecognised_text = models.TextField(_("unrecognised text"), blank=True)

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()


class Consultation(BaseModel):
    """One step of the Beratungsfolge, with its outcome and vote."""

    class Role(models.TextChoices):
        PRELIMINARY = "Vorberatung", _("preliminary discussion")
        DECISION = "Entscheidung", pgettext_lazy("consultation role", "decision")
        NOTICE = "Kenntnisnahme", _("for information")
        HEARING = "Anhörung", _("hearing")

    class Outcome(models.TextChoices):
        ADOPTED = "ungeändert beschlossen", _("adopted unchanged")
        ADOPTED_AMENDED = "geändert beschlossen", _("adopted with changes")
        REJECTED = "abgelehnt", _("rejected")
        DEFERRED = "vertagt", _("deferred")
        NOTED = "zur Kenntnis genommen", _("noted")
        WITHDRAWN = "zurückgezogen", _("withdrawn")

    #: Outcomes that carry the paper forward.
    POSITIVE = (Outcome.ADOPTED, Outcome.ADOPTED_AMENDED)

    paper = models.ForeignKey(
        Paper, verbose_name=_("paper"), on_delete=models.PROTECT, related_name="consultations"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    planned_date = models.DateField(_("date"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    authoritative = models.BooleanField(
        _("authoritative"), default=False, help_text=_("The decision is taken in this step.")
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    votes_yes = models.PositiveIntegerField(_("yes"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("no"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    unanimous = models.BooleanField(_("unanimous"), default=False)
    resolution_text = models.TextField(_("resolution text"), blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.organization} ({self.planned_date or '–'})"


class AgendaItem(BaseModel):
    """Tagesordnungspunkt; at most one consultation (OParl's 1:1)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    number = models.CharField(pgettext_lazy("agenda item", "number"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=500)
    public = models.BooleanField(_("public"), default=True)
    consultation = models.OneToOneField(
        Consultation,
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_item",
    )
    result = models.CharField(_("result"), max_length=100, blank=True)
    resolution_text = models.TextField(_("resolution text"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class File(BaseModel):
    """Anlage: an uploaded file, or a concept edition rendered as a document when fetched."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="council_files"
    )
    paper = models.ForeignKey(
        Paper,
        verbose_name=_("paper"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )
    name = models.CharField(_("name"), max_length=300)
    file_name = models.CharField(_("file name"), max_length=300, blank=True)
    mime_type = models.CharField(_("MIME type"), max_length=100, blank=True)
    content = models.FileField(_("content"), upload_to="council/%Y/", blank=True)
    size = models.PositiveIntegerField(_("size"), null=True, blank=True)
    sha512 = models.CharField(_("SHA-512"), max_length=128, blank=True)
    text = models.TextField(_("text"), blank=True)
    #: Set when the attachment is the concept edition itself, rendered on request.
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_files",
    )

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
