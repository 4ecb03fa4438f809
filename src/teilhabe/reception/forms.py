"""Forms of the reception pages; they only collect input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import VersionedForm
from teilhabe.core.models import Body, Territory

from .models import AllocationKey, Assignment, Credit, DistributionPeriod, Quota

MAX_UPLOAD = 2 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    start = forms.DateField(label=_("Start"), widget=DateInput())
    end = forms.DateField(label=_("End"), widget=DateInput())
    total = forms.IntegerField(
        label=_("Total contingent (persons)"),
        help_text=_("The new contingent; carry-over and credits are added per territory."),
    )
    key = forms.ModelChoiceField(label=_("Key"), queryset=AllocationKey.objects.none())
    previous = forms.ModelChoiceField(
        label=_("Previous period (its open obligations are carried over)"),
        queryset=DistributionPeriod.objects.none(),
        required=False,
    )
    source_quota = forms.ModelChoiceField(
        label=_("Quota passed on to the municipalities"),
        queryset=Quota.objects.none(),
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, body: Body, keys: Any, quotas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].queryset = keys
        self.fields["previous"].queryset = DistributionPeriod.objects.filter(body=body)
        self.fields["source_quota"].queryset = quotas
        self.fields["source_quota"].label_from_instance = lambda q: (
            f"{q.period.name}: {q.quota} ({q.period.body.name})"
        )
        if not quotas.exists():
            del self.fields["source_quota"]


class CreditForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Credit.Kind.choices)
    persons = forms.IntegerField(
        label=_("Persons"),
        help_text=_("Positive: adds to the quota (shortfall); negative: reduces it."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories


class AssignmentForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    persons = forms.IntegerField(label=_("Persons"), min_value=1)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Semicolon-separated as German Excel saves it (cp1252 or UTF-8), "
            "columns ags;datum;personen;bemerkung."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class PopulationUploadForm(UploadForm):
    source = forms.CharField(
        label=_("Source"),
        help_text=_("Who published the figures, table and stand, e.g. LSN table A100001G."),
        max_length=500,
    )
    licence = forms.CharField(label=_("Licence"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Semicolon-separated as German Excel saves it (cp1252 or UTF-8), "
            "columns ags;name;population;stand."
        )


class KeyComputeForm(forms.Form):
    slug = forms.SlugField(label=_("Short name"), max_length=64)
    name = forms.CharField(label=_("Name"), max_length=200)
    key_year = forms.IntegerField(label=_("Key year"), required=False)
    source = forms.CharField(label=_("Source"), max_length=500)
    rows = forms.CharField(
        label=_("Tax revenue and population"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("One line per Land: AGS;tax revenue;population, e.g. 03;31000000000;8003421"),
    )


class AssignmentEditForm(VersionedForm):
    """Correct an assignment; the hidden ``version`` guards against overwriting another save."""

    class Meta:
        model = Assignment
        fields = ["territory", "date", "persons", "note"]
        widgets = {"date": DateInput()}

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories


class CreditEditForm(VersionedForm):
    class Meta:
        model = Credit
        fields = ["territory", "kind", "persons", "note"]

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories


class DeleteForm(forms.Form):
    """The confirmation of a soft delete, with the version the page was opened with."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
