"""The receiver of finpro.events.firm_event: every firm event becomes deliveries to the firm's
endpoints that chose it (api.services.webhook_deliveries_record)."""

import logging

logger = logging.getLogger(__name__)


def on_firm_event(sender, *, firm_id: int, event, data: dict, **kwargs) -> None:
    """Runs after the publishing transaction committed: the change is done, so a failure here
    is logged rather than turned into an error on the page that made the change."""
    from . import services

    try:
        services.webhook_deliveries_record(firm_id=firm_id, event=event, data=data)
    except Exception:
        logger.exception("webhook deliveries for firm %s event %s were not recorded", firm_id, event)
