# The help center's first FAQ and announcements (portal/faq.py). Create-only: an entry support
# staff already edited or deleted is left as it is.

from django.db import migrations


def load(apps, schema_editor):
    from portal import faq

    faq.load(faq_model=apps.get_model("portal", "FaqEntry"),
             announcement_model=apps.get_model("portal", "Announcement"))


class Migration(migrations.Migration):

    dependencies = [("portal", "0002_help_center")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
