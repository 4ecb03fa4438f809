"""Forms of the concept pages. They only validate input; the views call the services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import VersionedForm

from .models import (
    Actor,
    Edition,
    FieldOfAction,
    Goal,
    Measure,
    Objective,
    Principle,
    Section,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class EditionForm(VersionedForm):
    class Meta:
        model = Edition
        fields = ["label", "title", "introduction", "source_note", "valid_from", "review_due"]
        widgets = {"valid_from": DateInput(), "review_due": DateInput()}


class EditionCopyForm(forms.Form):
    label = forms.CharField(
        label=_("Label of the new edition"),
        max_length=50,
        help_text=_("Short name of the edition, e.g. “2024”."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to take the title of the edition with the new label."),
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title") and data.get("label"):
            old = self.edition
            data["title"] = (
                old.title.replace(old.label, data["label"]) if old.label in old.title else old.title
            )
        return data

    def clean_label(self) -> str:
        label: str = self.cleaned_data["label"].strip()
        if Edition.objects.filter(concept=self.edition.concept, label=label).exists():
            raise forms.ValidationError(_("An edition with this label exists already."))
        if "/" in label or "\\" in label:
            raise forms.ValidationError(_("A label cannot contain slashes."))
        return label


class EditionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[])
    valid_from = forms.DateField(
        label=_("In force since"),
        required=False,
        widget=DateInput(),
        help_text=_("Only when the edition comes into force: the date of the decision."),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Edition.Status.IN_FORCE and not data.get("valid_from"):
            self.add_error("valid_from", _("Enter the date the edition comes into force."))
        return data


class PrincipleForm(VersionedForm):
    class Meta:
        model = Principle
        fields = ["title", "text"]


class SectionForm(VersionedForm):
    class Meta:
        model = Section
        fields = ["title", "text"]


class FieldOfActionForm(VersionedForm):
    class Meta:
        model = FieldOfAction
        fields = ["title", "description", "cross_cutting"]


class EditionScopedForm(VersionedForm):
    """Choices limited to the items of one edition (and the actors of its body)."""

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scoped = {
            "field": FieldOfAction.objects.filter(edition=edition),
            "goals": Goal.objects.filter(edition=edition, field__is_deleted=False).select_related(
                "field"
            ),
            "objectives": Objective.objects.filter(
                edition=edition, field__is_deleted=False
            ).select_related("field"),
            "lead_actor": Actor.objects.filter(body=edition.concept.body),
            "partner_actors": Actor.objects.filter(body=edition.concept.body),
        }
        for name, queryset in scoped.items():
            if name in self.fields:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        for name in ("goals", "objectives", "partner_actors"):
            if name in self.fields:
                self.fields[name].widget = forms.CheckboxSelectMultiple()
                self.fields[name].widget.choices = self.fields[name].choices  # type: ignore[attr-defined]
        for name in ("goals", "objectives"):
            if name in self.fields:
                self.fields[name].label_from_instance = (  # type: ignore[attr-defined]
                    lambda item: f"{item.field.title}: {item.title}"
                )


class GoalForm(EditionScopedForm):
    class Meta:
        model = Goal
        fields = ["field", "title", "description"]


class ObjectiveForm(EditionScopedForm):
    class Meta:
        model = Objective
        fields = ["field", "title", "description", "goals"]


class MeasureForm(EditionScopedForm):
    class Meta:
        model = Measure
        fields = [
            "field",
            "title",
            "description",
            "objectives",
            "lead_actor",
            "partner_actors",
            "target_groups",
            "start",
            "end",
            "planned_budget",
            "status",
            "is_focus",
            "source_note",
        ]
        widgets = {"start": DateInput(), "end": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end lies before the start."))
        return data


class ContributorMeasureForm(VersionedForm):
    """What a contributor may change of a measure their actor leads."""

    class Meta:
        model = Measure
        fields = ["description", "status", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}


class DeleteForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the item is dropped; shown in the comparison of editions."),
    )

    class Meta:
        model = Measure
        fields: list[str] = []

    def __init__(self, *args: Any, require_reason: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = require_reason


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=Measure.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Measure.objects.filter(  # type: ignore[attr-defined]
            edition=measure.edition, field__is_deleted=False
        ).exclude(pk=measure.pk)


class SplitForm(forms.Form):
    title = forms.CharField(label=_("Title of the new measure"), max_length=500)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class LineageForm(VersionedForm):
    class Meta:
        from .models import Lineage

        model = Lineage
        fields = ["reason"]


class ActorForm(VersionedForm):
    class Meta:
        model = Actor
        fields = ["name", "kind", "category", "description", "contacts"]

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = members  # type: ignore[attr-defined]
        self.fields["contacts"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["contacts"].choices
        )  # type: ignore[attr-defined]
        self.fields["contacts"].help_text = _(
            "Contributors who may update the measures this actor leads."
        )
