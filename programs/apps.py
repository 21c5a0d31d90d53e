from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_reference_data(sender, apps=None, **kwargs):
    from django.apps import apps as global_apps

    from .reference_data import load_reference_data

    load_reference_data(apps or global_apps)


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "MQP and EVEP programs"

    def ready(self):
        # After migrate and after a test database flush: missing programs come back.
        post_migrate.connect(_ensure_reference_data, sender=self, dispatch_uid="programs_reference_data")
