"""The 16 Länder with their official AGS (Amtlicher Gemeindeschlüssel, two digits)."""

from django.db import migrations

LAENDER = [
    ("01", "Schleswig-Holstein"),
    ("02", "Hamburg"),
    ("03", "Niedersachsen"),
    ("04", "Bremen"),
    ("05", "Nordrhein-Westfalen"),
    ("06", "Hessen"),
    ("07", "Rheinland-Pfalz"),
    ("08", "Baden-Württemberg"),
    ("09", "Bayern"),
    ("10", "Saarland"),
    ("11", "Berlin"),
    ("12", "Brandenburg"),
    ("13", "Mecklenburg-Vorpommern"),
    ("14", "Sachsen"),
    ("15", "Sachsen-Anhalt"),
    ("16", "Thüringen"),
]


def add_laender(apps, schema_editor):
    Territory = apps.get_model("core", "Territory")
    for ags, name in LAENDER:
        Territory.objects.get_or_create(ags=ags, defaults={"name": name, "level": "land"})


def remove_laender(apps, schema_editor):
    apps.get_model("core", "Territory").objects.filter(ags__in=[a for a, _ in LAENDER]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_laender, remove_laender)]
