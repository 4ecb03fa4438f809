"""Forms of the participation pages; they only collect input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.concepts.models import Actor, Edition, FieldOfAction, Measure
from teilhabe.core.forms import VersionedForm
from teilhabe.core.models import Body

from .models import Channel, Comment, Phase, Process, Proposal, Statement, Workshop


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProcessForm(VersionedForm):
    channels = forms.MultipleChoiceField(
        label=_("channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Process
        fields = ["edition", "title", "description", "source_note", "channels"]

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = Edition.objects.filter(concept__body=body).order_by(  # type: ignore[attr-defined]
            "-created"
        )
        if self.instance.pk:
            del self.fields["edition"]


class PhaseForm(VersionedForm):
    class Meta:
        model = Phase
        fields = ["channel", "title", "start", "end", "description"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end lies before the start."))
        return data


class WorkshopForm(VersionedForm):
    class Meta:
        model = Workshop
        fields = ["title", "date", "place", "topics", "fields", "organisations", "participants"]
        widgets = {
            "date": DateInput(),
            "fields": forms.CheckboxSelectMultiple,
            "topics": forms.Textarea(attrs={"rows": 3}),
            "organisations": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "organisations": _("One per line; organisations only, no personal names needed."),
        }

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields"].queryset = FieldOfAction.objects.filter(edition=process.edition)  # type: ignore[attr-defined]


class CardForm(forms.Form):
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 3}))
    field = forms.ModelChoiceField(
        label=_("field of action"), queryset=FieldOfAction.objects.none(), required=False
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = FieldOfAction.objects.filter(edition=process.edition)  # type: ignore[attr-defined]


class StatementForm(VersionedForm):
    class Meta:
        model = Statement
        fields = [
            "channel",
            "actor",
            "author",
            "title",
            "received",
            "text",
            "requested_response",
            "response_due",
            "source_note",
        ]
        widgets = {"received": DateInput(), "response_due": DateInput()}

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = Actor.objects.filter(body=body).order_by("name")  # type: ignore[attr-defined]


class ResponseForm(VersionedForm):
    class Meta:
        model = Statement
        fields = ["response", "responded"]
        widgets = {"responded": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["response"].required = True
        self.fields["responded"].required = True


class ModerationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    state = forms.ChoiceField(
        label=_("decision"),
        choices=[
            (Comment.State.PUBLISHED, _("publish")),
            (Comment.State.REJECTED, _("do not publish")),
        ],
    )
    note = forms.CharField(label=_("moderation note"), required=False)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=300)
    text = forms.CharField(
        label=_("text"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    field = forms.ModelChoiceField(
        label=_("field of action"), queryset=FieldOfAction.objects.none(), required=False
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = FieldOfAction.objects.filter(edition=process.edition)  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=Proposal.Outcome.choices, widget=forms.RadioSelect
    )
    measure = forms.ModelChoiceField(
        label=_("adopted as the existing measure"),
        queryset=Measure.objects.none(),
        required=False,
    )
    new_field = forms.ModelChoiceField(
        label=_("or as a new measure in the field of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
    )
    new_title = forms.CharField(label=_("title of the new measure"), required=False)
    new_description = forms.CharField(
        label=_("description of the new measure"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    merged_into = forms.ModelChoiceField(
        label=_("merged into the proposal"), queryset=Proposal.objects.none(), required=False
    )
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required if the proposal is not adopted; shown to the public."),
    )
    decided = forms.DateField(label=_("decided on"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        edition = proposal.process.edition
        self.fields["measure"].queryset = Measure.objects.filter(edition=edition).order_by(  # type: ignore[attr-defined]
            "field__position", "position", "id"
        )
        self.fields["new_field"].queryset = FieldOfAction.objects.filter(edition=edition)  # type: ignore[attr-defined]
        self.fields["merged_into"].queryset = Proposal.objects.filter(  # type: ignore[attr-defined]
            process=proposal.process
        ).exclude(pk=proposal.pk)
        if not self.is_bound:
            self.initial.update(
                {
                    "version": proposal.version,
                    "outcome": proposal.outcome,
                    "measure": proposal.measure_id,
                    "merged_into": proposal.merged_into_id,
                    "reason": proposal.reason,
                    "decided": proposal.decided,
                }
            )


class CommentForm(forms.Form):
    """The public's comment form; ``website`` is the honeypot (hidden from people)."""

    subject = forms.ChoiceField(label=_("Your comment is about"))
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    author = forms.CharField(
        label=_("Name (optional)"),
        required=False,
        max_length=100,
        help_text=_("Shown with your comment if it is published. You may leave it empty."),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(
        self, *args: Any, fields: list[FieldOfAction], measures: list[Measure], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("– please choose –"))]
        for f in fields:
            group = [
                (
                    f"field:{f.public_id}",
                    _("The field of action as a whole: %(t)s") % {"t": f.title},
                )
            ]
            group += [
                (f"measure:{m.public_id}", _("Measure: %(t)s") % {"t": m.title})
                for m in measures
                if m.field_id == f.pk
            ]
            choices.append((f.title, group))
        self.fields["subject"].choices = choices  # type: ignore[attr-defined]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
