from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_support_groups(sender, **kwargs):
    from .support_groups import sync_support_groups

    sync_support_groups()


class FinproConfig(AppConfig):
    name = "finpro"
    verbose_name = "FinPro"

    def ready(self):
        post_migrate.connect(_sync_support_groups, dispatch_uid="finpro_support_groups")
