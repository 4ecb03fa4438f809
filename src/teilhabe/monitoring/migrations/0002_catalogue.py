"""The shared indicator catalogue (Kreis-level indicators of official statistics)."""

from django.db import migrations

from teilhabe.monitoring.catalogue import CATALOGUE, LINK_FIELDS


def add_catalogue(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    for entry in CATALOGUE:
        if Indicator.objects.filter(body=None, code=entry["code"]).exists():
            continue
        data = {k: v for k, v in entry.items() if k not in LINK_FIELDS}
        if "numerator_code" in entry:
            data["numerator_indicator"] = Indicator.objects.get(
                body=None, code=entry["numerator_code"]
            )
            data["denominator_indicator"] = Indicator.objects.get(
                body=None, code=entry["denominator_code"]
            )
        Indicator.objects.create(**data)


def remove_catalogue(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    codes = [e["code"] for e in CATALOGUE]
    Indicator.objects.filter(body=None, code__in=codes, formula="ratio").delete()
    Indicator.objects.filter(body=None, code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(add_catalogue, remove_catalogue)]
