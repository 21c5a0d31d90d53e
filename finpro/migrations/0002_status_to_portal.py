# The status models now belong to the portal app (portal/migrations/0001); the tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("finpro", "0001_status"),
        ("portal", "0001_status_from_finpro"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="StatusMessage"),
                migrations.DeleteModel(name="SystemStatus"),
            ],
        ),
    ]
