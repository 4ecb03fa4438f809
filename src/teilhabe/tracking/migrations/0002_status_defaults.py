"""Bodies created before the tracking app existed get the default status list too."""

from django.db import migrations

LABELS = {
    "planned": "geplant",
    "preparing": "in Vorbereitung",
    "in_progress": "in Umsetzung",
    "implemented": "umgesetzt",
    "established": "verstetigt",
    "postponed": "zurückgestellt",
    "dropped": "entfallen",
}


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from teilhabe.tracking.models import DEFAULT_STATUSES

    Body = apps.get_model("core", "Body")
    StatusOption = apps.get_model("tracking", "StatusOption")
    for body in Body.objects.all():
        if StatusOption.objects.filter(body=body).exists():
            continue
        for position, (code, _label, phase, percent) in enumerate(DEFAULT_STATUSES):
            StatusOption.objects.create(
                body=body, code=code, label=LABELS[code], phase=str(phase),
                default_percent=percent, position=position,
            )


class Migration(migrations.Migration):
    dependencies = [("tracking", "0001_initial"), ("core", "0002_laender")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
