from django.db import migrations


def forwards(apps, schema_editor):
    from crd.reference_data import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("crd", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
