"""Forms of the questionnaire builder and the invitations; they collect input, the services
decide (the form of the respondents is built from the questions, see ``logic.form_blocks``)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.concepts.models import Actor
from teilhabe.core.forms import VersionedForm

from ..models import Question, Questionnaire, QuestionSection
from . import logic


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class QuestionnaireForm(VersionedForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "introduction", "anonymous", "closes", "is_sample"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4}), "closes": DateInput()}


class SectionForm(VersionedForm):
    class Meta:
        model = QuestionSection
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(VersionedForm):
    choices_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One option per line; for single and multiple choice, and the columns of the "
            "matrix (its rows are the fields of action of the edition)."
        ),
    )
    condition = forms.ChoiceField(
        label=_("Show only if"),
        required=False,
        help_text=_("An answer to an earlier choice, yes/no or scale question."),
    )

    class Meta:
        model = Question
        fields = ["section", "kind", "text", "help_text", "required"]
        widgets = {"help_text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section = cast(forms.ModelChoiceField, self.fields["section"])
        section.queryset = QuestionSection.objects.filter(questionnaire=questionnaire)
        section.empty_label = str(_("(no section)"))
        ordered = logic.ordered_questions(questionnaire)
        numbers = {q.pk: n for n, q in enumerate(ordered, start=1)}
        earlier = [
            q for q in ordered if q.kind in logic.CONDITION_KINDS and q.pk != self.instance.pk
        ]
        if self.instance.pk:
            position = logic.order_key(self.instance)
            earlier = [q for q in earlier if logic.order_key(q) < position]
        choices: list[tuple[str, str]] = [("", str(_("(always shown)")))]
        for q in earlier:
            for value, label in logic.options(q):
                choices.append((f"{q.public_id}|{value}", f"{numbers[q.pk]}. {q.text} = {label}"))
        current = self.instance.condition_question if self.instance.pk else None
        if current is not None:
            key = f"{current.public_id}|{self.instance.condition_value}"
            if key not in dict(choices):
                choices.append((key, f"{current.text} = {self.instance.condition_value}"))
            if not self.is_bound:
                self.initial["condition"] = key
        cast(forms.ChoiceField, self.fields["condition"]).choices = choices
        self._questions = {str(q.public_id): q for q in ordered}
        if self.instance.pk and not self.is_bound:
            self.initial["choices_text"] = "\n".join(self.instance.choices or [])

    def service_data(self) -> dict[str, Any]:
        data, _m2m = self.data_and_m2m()
        data["choices"] = self.cleaned_data.get("choices_text", "")
        condition = self.cleaned_data.get("condition") or ""
        key, _sep, value = condition.partition("|")
        question = self._questions.get(key)
        if question is None and self.instance.pk and self.instance.condition_question_id:
            current = self.instance.condition_question
            if current is not None and str(current.public_id) == key:
                question = current
        data["condition_question"] = question
        data["condition_value"] = value if question is not None else ""
        return data


class InvitationForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Actor"), queryset=Actor.objects.none(), required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("For an actor: empty takes the address of its first contact person."),
    )
    expires = forms.DateField(
        label=_("Link valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: until the questionnaire closes, or eight weeks."),
    )
    send_now = forms.BooleanField(label=_("Send the e-mail now"), required=False, initial=True)

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["actor"]).queryset = Actor.objects.filter(
            body=body
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("actor") and not data.get("email") and not self.errors:
            raise forms.ValidationError(_("Choose an actor or enter an e-mail address."))
        return data


class BulkInvitationForm(forms.Form):
    category = forms.ChoiceField(label=_("All actors of the category"), choices=())
    expires = forms.DateField(label=_("Links valid until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = Actor.Category.choices
