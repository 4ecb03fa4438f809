from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """Read-only interfaces to the domain apps (OParl 1.1 under ``/oparl/v1/``). No models."""

    name = "teilhabe.api"
    label = "api"
    verbose_name = _("Interfaces")
