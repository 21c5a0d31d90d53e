"""The programs' reference data (programs.reference_data)."""

from django.db import migrations


def forward(apps, schema_editor):
    from programs.reference_data import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial"), ("crd", "0002_reference_data")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
