from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages that gather from every app: dashboard and My Task list, status, errors,
    health, and the demo-data orchestration (`seed_demo`)."""

    name = "portal"
    verbose_name = "FinPro portal"
    default_auto_field = "django.db.models.BigAutoField"
