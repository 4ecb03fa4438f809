"""Form helpers shared by all apps."""

from typing import Any

from django import forms
from django.db import models


class VersionedForm(forms.ModelForm):
    """A model form that carries the version it was opened with (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        elif not self.instance.pk:
            self.fields["version"].required = False
            self.initial["version"] = 1

    def data_and_m2m(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The cleaned values split into plain fields and many-to-many sets."""
        data: dict[str, Any] = {}
        m2m: dict[str, Any] = {}
        for name in self._meta.fields or []:
            if name not in self.cleaned_data:
                continue
            field = self._meta.model._meta.get_field(name)
            if isinstance(field, models.ManyToManyField):
                m2m[name] = list(self.cleaned_data[name])
            else:
                data[name] = self.cleaned_data[name]
        return data, m2m
