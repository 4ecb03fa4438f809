"""Forms of the monitoring pages; they only collect input, the services decide."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.concepts.models import Edition, Goal, Objective
from teilhabe.core.forms import VersionedForm
from teilhabe.core.models import Body, Territory

from .models import Indicator, MissingReason
from .parsers import parse_period_kind

MAX_UPLOAD = 20 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class IndicatorForm(VersionedForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_de",
            "name_en",
            "kind",
            "definition",
            "numerator",
            "denominator",
            "unit",
            "source_statistic",
            "level",
            "frequency",
            "direction",
            "shared",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A GENESIS / Regionalstatistik table (CSV), a GENESIS flat file (ffcsv), or a CSV "
            "or Excel file (XLSX) with the columns named below. ISO-8859-1 or UTF-8 are detected."
        ),
    )
    ags_column = forms.CharField(
        label=_("Column of the AGS (other CSV and Excel files only)"), required=False
    )
    period_column = forms.CharField(
        label=_("Column of the period"),
        required=False,
        help_text=_("A year (2024), quarter (2024-Q1), month (2024-03) or date (31.12.2024)."),
    )
    value_column = forms.CharField(label=_("Column of the value"), required=False)
    indicator_column = forms.CharField(label=_("Column of the indicator code"), required=False)
    indicator_code = forms.CharField(
        label=_("or: one indicator code for the whole file"), required=False
    )
    area_column = forms.CharField(label=_("Column of the area name (optional)"), required=False)
    sheet = forms.CharField(
        label=_("Sheet of the Excel file (optional)"),
        required=False,
        help_text=_("Empty: the first sheet with the columns named above."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload

    def mapping(self) -> dict[str, str] | None:
        data = self.cleaned_data
        mapping = {
            "ags": data.get("ags_column", ""),
            "period": data.get("period_column", ""),
            "value": data.get("value_column", ""),
            "indicator": data.get("indicator_column", ""),
            "indicator_code": data.get("indicator_code", ""),
            "area": data.get("area_column", ""),
            "sheet": data.get("sheet", ""),
        }
        mapping = {k: v.strip() for k, v in mapping.items() if v and v.strip()}
        return mapping or None


class TargetForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    link = forms.ChoiceField(label=_("Goal or objective of the concept"))
    target_value = forms.DecimalField(label=_("Target value"), max_digits=20, decimal_places=6)
    due = forms.DateField(label=_("Due date"), widget=DateInput())
    baseline_value = forms.DecimalField(
        label=_("Baseline"),
        max_digits=20,
        decimal_places=6,
        required=False,
        help_text=_("Empty: the latest value."),
    )
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), required=False, min_value=1950, max_value=2100
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, body: Body, indicators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["territory"].queryset = Territory.objects.filter(
            pk=body.territory.pk
        ) | Territory.objects.filter(parent=body.territory)
        self.fields["territory"].initial = body.territory.pk
        editions = Edition.objects.filter(concept__body=body).exclude(
            status=Edition.Status.SUPERSEDED
        )
        choices: list[tuple[str, str]] = [("", "---------")]
        for goal in Goal.objects.filter(edition__in=editions).select_related("edition"):
            choices.append((f"goal:{goal.pk}", f"{_('Goal')}: {goal.title} ({goal.edition.label})"))
        for obj in Objective.objects.filter(edition__in=editions).select_related("edition"):
            choices.append(
                (f"objective:{obj.pk}", f"{_('Objective')}: {obj.title} ({obj.edition.label})")
            )
        self.fields["link"].choices = choices
        self.goals = {g.pk: g for g in Goal.objects.filter(edition__in=editions)}
        self.objectives = {o.pk: o for o in Objective.objects.filter(edition__in=editions)}

    def linked(self) -> tuple[Goal | None, Objective | None]:
        kind, _sep, pk = self.cleaned_data["link"].partition(":")
        if kind == "goal":
            return self.goals[int(pk)], None
        return None, self.objectives[int(pk)]


class ObservationForm(forms.Form):
    """A value of a body's own indicator (e.g. the output of a measure), entered by hand."""

    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    period = forms.CharField(
        label=_("Period"),
        max_length=30,
        help_text=_("A year (2024), quarter (2024-Q1), month (2024-03) or date (31.12.2024)."),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=6, required=False)
    missing_reason = forms.ChoiceField(
        label=_("or: why the value is missing"),
        choices=[("", "---------"), *MissingReason.choices],
        required=False,
    )
    source = forms.CharField(label=_("Source"), max_length=500)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.filter(
            pk=body.territory.pk
        ) | Territory.objects.filter(parent=body.territory)
        self.fields["territory"].initial = body.territory.pk

    def clean_period(self) -> tuple[datetime.date, str]:
        try:
            date, kind = parse_period_kind(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if not 1950 <= date.year <= 2100:
            raise forms.ValidationError(_("The year must lie between 1950 and 2100."))
        return date, kind

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("value") is None) == (not data.get("missing_reason")):
            raise forms.ValidationError(_("Give either a value or the reason it is missing."))
        return data
