"""Forms of the council pages. They only validate input; the views call the services."""

import base64
import zlib
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from teilhabe.concepts.models import Edition
from teilhabe.core.forms import VersionedForm
from teilhabe.core.models import Body

from . import services
from .models import AgendaItem, Consultation, Meeting, Organization, Paper


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def gremien(body: Body) -> Any:
    """Organizations a paper can be discussed in: everything but administrative units."""
    return Organization.objects.filter(body=body).exclude(
        organization_type=Organization.OrganizationType.ADMINISTRATION
    )


PAPER_FIELDS = [
    "reference",
    "title",
    "paper_type",
    "date",
    "public",
    "lead_department",
    "clerk",
    "file_number",
    "decision_proposal",
    "facts",
    "financial_amount",
    "in_budget",
    "accounts",
    "financial_text",
    "personnel_text",
    "relevance_gender",
    "relevance_migration",
    "relevance_prevention",
    "relevance_education",
    "relevance_climate",
    "qualified_majority",
    "climate_text",
]


class PaperForm(VersionedForm):
    class Meta:
        model = Paper
        fields = PAPER_FIELDS
        widgets = {
            "date": DateInput(),
            "decision_proposal": forms.Textarea(attrs={"rows": 4}),
            "facts": forms.Textarea(attrs={"rows": 12}),
            "financial_text": forms.Textarea(attrs={"rows": 3}),
            "personnel_text": forms.Textarea(attrs={"rows": 3}),
            "climate_text": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "public": _("Non-public papers are shown only to coordinators and council members."),
            "reference": _("Vorlagennummer, e.g. “2024/FD91/457”."),
        }

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_department"].queryset = Organization.objects.filter(body=body)  # type: ignore[attr-defined]


class PaperCreateForm(PaperForm):
    """A new paper may name the concept edition it decides."""

    class Meta(PaperForm.Meta):
        fields = [*PAPER_FIELDS, "edition"]

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, body=body, **kwargs)
        self.fields["edition"].queryset = Edition.objects.filter(concept__body=body)  # type: ignore[attr-defined]


class ConsultationForm(VersionedForm):
    """One step of the Beratungsfolge (the meeting only once the step exists)."""

    class Meta:
        model = Consultation
        fields = ["organization", "planned_date", "role", "authoritative", "meeting"]
        widgets = {"planned_date": DateInput()}

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = gremien(body)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
                body=body, organization=self.instance.organization
            )
        else:
            del self.fields["meeting"]


class OutcomeForm(VersionedForm):
    """Outcome and vote of one step. Plausibility (dates, counts, seats) is the service's."""

    votes_yes = forms.IntegerField(label=_("Yes"), required=False)
    votes_no = forms.IntegerField(label=_("No"), required=False)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), required=False)

    class Meta:
        model = Consultation
        fields = [
            "decided_on",
            "outcome",
            "votes_yes",
            "votes_no",
            "votes_abstain",
            "unanimous",
            "resolution_text",
        ]
        widgets = {"decided_on": DateInput(), "resolution_text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.decided_on:
            self.initial["decided_on"] = self.instance.planned_date

    def _post_clean(self) -> None:
        # The service validates and saves; the model's own checks would only say less.
        pass


#: OParl classifications offered in the form; other values already stored stay selectable.
CLASSIFICATIONS = [
    ("", "–"),
    ("Ausschuss", _("Ausschuss (committee)")),
    ("Hauptausschuss", _("Hauptausschuss (Kreisausschuss)")),
    ("Parlament", _("Parlament (Kreistag)")),
    ("Beirat", _("Beirat (e.g. Kommunale Migrationsvertretung)")),
    ("Fraktion", _("Fraktion")),
    ("Sonstiges", _("other")),
]


class OrganizationForm(VersionedForm):
    classification = forms.ChoiceField(label=_("classification"), required=False, choices=[])

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "organization_type",
            "classification",
            "seats",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = list(CLASSIFICATIONS)
        current = self.instance.classification
        if current and current not in dict(choices):
            choices.append((current, current))
        self.fields["classification"].choices = choices  # type: ignore[attr-defined]
        self.fields["classification"].help_text = _(
            "OParl: the Kreistag is a “Parlament”, the Kreisausschuss a “Hauptausschuss”."
        )


class MeetingForm(forms.ModelForm):
    location_text = forms.CharField(label=_("Location"), required=False, max_length=300)

    class Meta:
        model = Meeting
        fields = ["name", "organization", "start", "state"]
        widgets = {"start": DateTimeInput()}

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = gremien(body)  # type: ignore[attr-defined]


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["number", "name", "public", "consultation"]

    def __init__(self, *args: Any, body: Body, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .selectors import consultations_to_schedule

        field = self.fields["consultation"]
        field.queryset = consultations_to_schedule(body=body)  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: (  # type: ignore[attr-defined]
            f"{c.paper} – {c.organization}"
            + (f" ({c.planned_date:%d.%m.%Y})" if c.planned_date else "")
        )
        field.help_text = _("The step of a Beratungsfolge discussed under this item.")

    def _post_clean(self) -> None:
        pass


# --- import of existing Vorlagen ----------------------------------------------------------

#: The largest text (pasted or uploaded) an import accepts, in bytes of UTF-8.
MAX_IMPORT_BYTES = 1024 * 1024


def decode_text(data: bytes) -> str:
    """Bytes of a text file as text: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def pack_source(text: str) -> str:
    """The pasted text for the review form's hidden field: compressed, so the round trip keeps
    it byte for byte (browsers turn line breaks into CR LF) and the request stays small."""
    return base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"))).decode("ascii")


def unpack_source(value: str) -> str:
    """The text of ``pack_source``; ``ValueError`` if it is damaged or larger than allowed."""
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(
            base64.urlsafe_b64decode(value.encode("ascii")), MAX_IMPORT_BYTES
        )
        if not inflater.eof or inflater.unconsumed_tail:
            raise ValueError("incomplete or too large")
        return data.decode("utf-8")
    except (zlib.error, UnicodeError) as exc:
        raise ValueError(str(exc)) from exc


class PaperImportSourceForm(forms.Form):
    """Step 1 of the import: the text of a Vorlage, pasted or as a .txt file."""

    text = forms.CharField(
        label=_("Text of the Vorlage"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("As copied from ALLRIS, SessionNet/Bürgerinfo or from a PDF."),
    )
    file = forms.FileField(
        label=_("Or a text file (.txt)"),
        required=False,
        help_text=_("UTF-8 or Windows-1252, at most 1 MB."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text: str = cleaned.get("text") or ""
        upload = cleaned.get("file")
        if text.strip() and upload:
            raise forms.ValidationError(_("Paste a text or choose a file, not both."))
        if upload:
            if upload.size > MAX_IMPORT_BYTES:
                self.add_error("file", _("The file is larger than 1 MB. Import it in parts."))
                return cleaned
            data = upload.read()
            if b"\0" in data or data.startswith(b"%PDF"):
                self.add_error(
                    "file",
                    _(
                        "This is not a text file. Copy the text of the Vorlage (for example "
                        "from the PDF) and paste it, or save it as a .txt file."
                    ),
                )
                return cleaned
            text = decode_text(data)
        elif len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
            self.add_error("text", _("The text is larger than 1 MB. Import it in parts."))
            return cleaned
        if not text.strip():
            raise forms.ValidationError(_("Paste the text of a Vorlage or choose a text file."))
        cleaned["source"] = text
        return cleaned


#: The paper's fields on the review page, in the order of a Vorlage.
IMPORT_PAPER_FIELDS = [
    *(f for f in services.PAPER_FIELDS if f not in {"source_text", "unrecognised_text"}),
    "attachments",
]


class PaperImportForm(forms.Form):
    """Step 2: the extracted fields, editable. The pasted text travels along in ``source``."""

    source = forms.CharField(widget=forms.HiddenInput, strip=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_fields = forms.fields_for_model(
            Paper,
            fields=[f for f in IMPORT_PAPER_FIELDS if f not in ("lead_department", "attachments")],
            widgets=dict[str, Any](PaperForm.Meta.widgets),
            help_texts=dict[str, Any](PaperForm.Meta.help_texts),
        )
        for name in IMPORT_PAPER_FIELDS:
            if name == "lead_department":
                self.fields[name] = forms.CharField(
                    label=capfirst(Paper._meta.get_field("lead_department").verbose_name),
                    required=False,
                    max_length=300,
                    help_text=_("A department the body does not have yet is added."),
                )
            elif name == "attachments":
                self.fields[name] = forms.CharField(
                    label=_("Attachments"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("One title per line; saved as attachments without a file."),
                )
            else:
                self.fields[name] = model_fields[name]

    def clean_source(self) -> str:
        try:
            return unpack_source(self.cleaned_data["source"])
        except ValueError as exc:
            raise forms.ValidationError(
                _("The pasted text has been lost on the way. Please paste it again.")
            ) from exc

    def overrides(self) -> dict[str, Any]:
        """The reviewed values for ``importing.paper_import``."""
        values = {name: self.cleaned_data[name] for name in IMPORT_PAPER_FIELDS}
        values["attachments"] = [
            line.strip() for line in values["attachments"].splitlines() if line.strip()
        ]
        return values


class ImportStepForm(forms.Form):
    """One row of the Beratungsfolge on the review page."""

    committee = forms.CharField(label=_("Committee"), required=False, max_length=300)
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", "–"), *Consultation.Role.choices]
    )
    #: the index of the parsed row (its stated outcome goes with it); empty for a new row
    source = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("committee") or "").strip() and (
            cleaned.get("date") or cleaned.get("role")
        ):
            self.add_error("committee", _("Enter the committee of this step."))
        return cleaned


ImportStepFormSet = forms.formset_factory(ImportStepForm, extra=1, max_num=60, absolute_max=60)
