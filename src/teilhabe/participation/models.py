"""Participation: a process per edition, its channels and phases, and every input it gathers —
questionnaire answers, workshop cards, statements, public comments — with the proposals they
support and what became of them (the measure they turned into).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.concepts.models import Actor, Edition, FieldOfAction, Measure
from teilhabe.core.models import BaseModel
from teilhabe.core.tokens import TokenFields


class Channel(models.TextChoices):
    ADMINISTRATION = "administration", _("Administration (questionnaire)")
    WORKSHOP = "workshop", _("Workshop")
    MIGRANT_COUNCIL = "migrant_council", _("Migrants' council")
    POLITICS = "politics", _("Politics")
    PUBLIC = "public", _("Public")


class Process(BaseModel):
    """Beteiligungsprozess for one edition of the concept."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="processes"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    source_note = models.TextField(_("source"), blank=True)
    #: The channels the process uses (values of :class:`Channel`), also those without a dated
    #: phase (the seed names the channels of the Wesermarsch process but no dates for most).
    channels = models.JSONField(_("channels"), default=list, blank=True)

    class Meta:
        verbose_name = _("participation process")
        verbose_name_plural = _("participation processes")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.title


class Phase(BaseModel):
    """A dated step of a process in one channel (e.g. the four-week public comment phase)."""

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="phases"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("title"), max_length=300)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="phase_end_after_start",
                violation_error_message=_("The end lies before the start."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Questionnaire(BaseModel):
    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="questionnaires",
    )
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("No identity is stored with the answers; nobody can tell who said what."),
    )
    closes = models.DateField(_("answers until"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.title


class QuestionSection(BaseModel):
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="sections",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Question(BaseModel):
    class Kind(models.TextChoices):
        TEXT = "text", _("free text")
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        SCALE = "scale", _("scale 1–5")
        YES_NO = "yes_no", _("yes/no")
        FIELD_MATRIX = "field_matrix", _("matrix per field of action")

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    section = models.ForeignKey(
        QuestionSection,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("explanation"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    #: Options of single/multiple choice; the column labels of a matrix.
    choices = models.JSONField(_("options"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    #: Shown only when the earlier question's answer is (or, for multiple choice, contains)
    #: ``condition_value``.
    condition_question = models.ForeignKey(
        "self",
        verbose_name=_("show only if question"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dependants",
    )
    condition_value = models.CharField(_("has the answer"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Invitation(TokenFields, BaseModel):
    """A personal link to a questionnaire for an actor or an e-mail address (no account).

    The answers are kept here as a draft until they are submitted ("save and continue
    later"); on submission they move into a :class:`Response`, which for an anonymous
    questionnaire carries no link back to the invitation.
    """

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    draft = models.JSONField(_("draft answers"), default=dict, blank=True)
    sent = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded = models.DateTimeField(_("last reminder"), null=True, blank=True)
    submitted = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actor__isnull=False) | ~models.Q(email=""),
                name="invitation_has_recipient",
                violation_error_message=_("Choose an actor or enter an e-mail address."),
            )
        ]

    def __str__(self) -> str:
        return str(self.actor or self.email)


class Response(BaseModel):
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    #: Empty for an anonymous questionnaire: no identity is stored with the answers.
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="response",
    )
    submitted = models.DateTimeField(_("submitted"))
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["submitted", "id"]

    def __str__(self) -> str:
        return f"{self.questionnaire} #{self.pk}"


class Answer(models.Model):
    """One answer; keeps the question's text, so it survives the question's removal."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )
    question_text = models.CharField(_("question"), max_length=500)
    #: str for text/single/yes_no, int for scale, list[str] for multiple,
    #: {field key: option} for the matrix.
    value = models.JSONField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response_id", "id"]

    def __str__(self) -> str:
        return f"{self.question_text}: {self.value}"


class Workshop(BaseModel):
    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="workshops"
    )
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    topics = models.TextField(_("topics"), blank=True)
    fields = models.ManyToManyField(
        FieldOfAction, verbose_name=_("fields of action"), blank=True, related_name="workshops"
    )
    organisations = models.TextField(
        _("participating organisations"), blank=True, help_text=_("One per line.")
    )
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.title


class Card(BaseModel):
    """A contribution captured at a workshop (Moderationskarte)."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.PROTECT, related_name="cards"
    )
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cards",
    )
    text = models.TextField(_("text"))
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("workshop card")
        verbose_name_plural = _("workshop cards")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]


class Statement(BaseModel):
    """Stellungnahme of the migrants' council or another body, with the response owed to it."""

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="statements"
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.MIGRANT_COUNCIL
    )
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
    )
    author = models.CharField(_("author (if not an actor)"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=300)
    received = models.DateField(_("received"))
    text = models.TextField(_("text"))
    requested_response = models.TextField(_("response requested"), blank=True)
    response_due = models.DateField(_("response due"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    responded = models.DateField(_("responded on"), null=True, blank=True)
    source_note = models.TextField(_("source"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-received", "-id"]

    def __str__(self) -> str:
        return self.title


class Comment(BaseModel):
    """A public comment on a field of action or a measure of a draft in consultation."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("not published")

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="comments"
    )
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    author = models.CharField(_("name (optional)"), max_length=100, blank=True)
    text = models.TextField(_("comment"))
    state = models.CharField(
        _("moderation"), max_length=10, choices=State.choices, default=State.PENDING
    )
    #: A keyed hash of the sender's address, only for the rate limit; never the address.
    sender_hash = models.CharField(max_length=64, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_note = models.TextField(_("moderation note"), blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(field__isnull=False) | models.Q(measure__isnull=False),
                name="comment_has_subject",
                violation_error_message=_("Choose a field of action or a measure."),
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Proposal(BaseModel):
    """Vorschlag: what one or more inputs ask for, and what became of it."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("adopted")
        MERGED = "merged", _("merged")
        REJECTED = "rejected", _("not adopted")

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    #: Accepted: the new or existing measure it became.
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    #: Merged: the proposal it was merged into.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    reason = models.TextField(_("reason"), blank=True)
    decided = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class ProposalInput(models.Model):
    """One input that supports a proposal: exactly one of answer, card, statement, comment."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="inputs"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.PROTECT, related_name="proposal_inputs"
    )
    card = models.ForeignKey(
        Card, null=True, blank=True, on_delete=models.PROTECT, related_name="proposal_inputs"
    )
    statement = models.ForeignKey(
        Statement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal_inputs",
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.PROTECT, related_name="proposal_inputs"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)

    class Meta:
        verbose_name = _("input of a proposal")
        verbose_name_plural = _("inputs of proposals")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(answer__isnull=False, card=None, statement=None, comment=None)
                    | models.Q(answer=None, card__isnull=False, statement=None, comment=None)
                    | models.Q(answer=None, card=None, statement__isnull=False, comment=None)
                    | models.Q(answer=None, card=None, statement=None, comment__isnull=False)
                ),
                name="proposal_input_exactly_one",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_channel_display()}"
