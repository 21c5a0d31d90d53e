from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Firm API and webhooks"

    def ready(self):
        # Webhooks hear every firm event once its transaction has committed (finpro/events.py).
        from finpro.events import firm_event

        from . import webhooks

        firm_event.connect(webhooks.on_firm_event, dispatch_uid="api.webhooks.on_firm_event")
