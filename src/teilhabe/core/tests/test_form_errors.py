"""One helper puts a service's ValidationError on the form, for every app."""

from django import forms
from django.core.exceptions import ValidationError

from teilhabe.core.views import add_service_errors


class _Form(forms.Form):
    title = forms.CharField(required=False)
    condition = forms.CharField(required=False)


def test_errors_land_on_the_named_field_an_alias_or_the_form() -> None:
    form = _Form(data={})
    assert form.is_valid()
    error = ValidationError(
        {"title": ["Zu lang."], "condition_value": ["Keine frühere Frage."], "other": ["Nein."]}
    )
    add_service_errors(form, error, aliases={"condition_value": "condition"})
    assert form.errors["title"] == ["Zu lang."]
    assert form.errors["condition"] == ["Keine frühere Frage."]
    assert form.non_field_errors() == ["Nein."]


def test_an_error_without_fields_lands_on_the_form() -> None:
    form = _Form(data={})
    assert form.is_valid()
    add_service_errors(form, ValidationError("Die Ausgabe ist abgelöst."))
    assert form.non_field_errors() == ["Die Ausgabe ist abgelöst."]
    assert not form.is_valid()
