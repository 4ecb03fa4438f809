"""Forms of the tracking pages; they collect input, the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.concepts.models import Edition, FieldOfAction, Measure
from teilhabe.core.amounts import format_amount, parse_amount
from teilhabe.core.forms import VersionedForm

from .models import BudgetLine, MeasurePlan, ProgressUpdate, StatusOption

MAX_EVIDENCE = 20 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AmountField(forms.CharField):
    """An amount in euros as Germans write it (``1.000.000,00 €``) → ``Decimal``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("e.g. 1.000.000,00 € – empty means 0"))
        super().__init__(max_length=40, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int):
            return format_amount(Decimal(value))
        return value

    def clean(self, value: Any) -> Decimal:
        text = super().clean(value)
        if not text:
            return Decimal(0)
        try:
            return parse_amount(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ProgressForm(forms.Form):
    """Record a Sachstand (with an optional evidence file)."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    status = forms.ModelChoiceField(label=_("Status"), queryset=StatusOption.objects.none())
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Empty: the default of the status (or the last reported value)."),
    )
    narrative = forms.CharField(
        label=_("Report"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    evidence = forms.FileField(
        label=_("Evidence (file)"),
        required=False,
        help_text=_("e.g. a flyer or a list of participants; at most 20 MB."),
    )

    def __init__(self, *args: Any, statuses: QuerySet[StatusOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = statuses  # type: ignore[attr-defined]
        self.initial.setdefault("date", timezone.localdate())

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if upload is not None and upload.size > MAX_EVIDENCE:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class ReviewForm(VersionedForm):
    """Accept a pending update (the values may be corrected) or reject it with a note."""

    ACCEPT, REJECT = "accept", "reject"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("accept")), (REJECT, _("reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note of the review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject; the reporter reads it."),
    )

    class Meta:
        model = ProgressUpdate
        fields = ["date", "status", "percent"]
        widgets = {"date": DateInput()}

    def __init__(self, *args: Any, statuses: QuerySet[StatusOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = statuses  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.REJECT and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the update is rejected."))
        return data

    def corrections(self) -> dict[str, Any]:
        """The values that differ from the report as it was sent."""
        return {
            name: self.cleaned_data[name]
            for name in ("date", "status", "percent")
            if name in self.cleaned_data and self.cleaned_data[name] != getattr(self.instance, name)
        }

    def _post_clean(self) -> None:
        # The service validates; the instance must keep the values as reported.
        pass


class PlanForm(VersionedForm):
    #: 0: the form was opened before the measure had a plan; saving it over a plan made
    #: meanwhile is a conflict, not a silent overwrite.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial["version"] = 0

    class Meta:
        model = MeasurePlan
        fields = ["weight", "update_interval_months"]


class StatusForm(VersionedForm):
    class Meta:
        model = StatusOption
        fields = ["code", "label", "phase", "default_percent"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code stays: imports and exports use it.")

    def _post_clean(self) -> None:
        # Uniqueness and the rest are checked by the services.
        pass


class FieldWeightsForm(forms.Form):
    """One weight per field of action of an edition (the versions travel along)."""

    def __init__(
        self, *args: Any, fields: list[FieldOfAction], weights: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.field_list = fields
        for f in fields:
            current = weights.get(f.pk)
            self.fields[f"weight_{f.pk}"] = forms.DecimalField(
                label=f.title,
                min_value=0,
                max_digits=6,
                decimal_places=2,
                initial=current.weight if current else Decimal(1),
            )
            self.fields[f"version_{f.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                initial=current.version if current else 0,  # 0: no weight saved yet
            )

    def values(self) -> list[tuple[FieldOfAction, Decimal, int]]:
        return [
            (
                f,
                self.cleaned_data[f"weight_{f.pk}"],
                self.cleaned_data.get(f"version_{f.pk}") or 0,
            )
            for f in self.field_list
        ]


class BudgetLineForm(VersionedForm):
    planned = AmountField(label=_("planned (€)"))
    approved = AmountField(label=_("approved (€)"))
    committed = AmountField(label=_("committed (€)"))
    spent = AmountField(label=_("spent (€)"))

    class Meta:
        model = BudgetLine
        fields = [
            "field",
            "measure",
            "year",
            "label",
            "planned",
            "approved",
            "committed",
            "spent",
            "account",
            "funding_source",
            "source_note",
        ]
        widgets = {"source_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["field"].queryset = FieldOfAction.objects.filter(edition=edition)
        fields["measure"].queryset = Measure.objects.filter(edition=edition).select_related("field")
        self.fields["field"].help_text = _(
            "A field of action or a measure; leave both empty for the whole concept."
        )
        self.fields["year"].initial = self.fields["year"].initial or timezone.localdate().year

    def _post_clean(self) -> None:
        # The XOR check and the edition are the services' business.
        pass

    def data_for_service(self) -> dict[str, Any]:
        data, _m2m = self.data_and_m2m()
        return data
