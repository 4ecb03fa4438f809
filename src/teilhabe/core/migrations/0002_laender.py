"""The 16 Länder with their official AGS (Amtlicher Gemeindeschlüssel, two digits)."""

from django.db import migrations

from teilhabe.core.laender import LAENDER



def add_laender(apps, schema_editor):
    Territory = apps.get_model("core", "Territory")
    for ags, name in LAENDER:
        Territory.objects.get_or_create(ags=ags, defaults={"name": name, "level": "land"})


def remove_laender(apps, schema_editor):
    apps.get_model("core", "Territory").objects.filter(ags__in=[a for a, _ in LAENDER]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_laender, remove_laender)]
