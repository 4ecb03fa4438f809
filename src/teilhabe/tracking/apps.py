from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "teilhabe.tracking"
    verbose_name = _("implementation tracking")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from teilhabe.core.models import Body

        from .signals import body_saved

        post_save.connect(body_saved, sender=Body, dispatch_uid="tracking_status_defaults")
