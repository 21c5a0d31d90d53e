"""Portal-wide middleware: an error reference for every unexpected exception, maintenance mode."""

import logging
import secrets

from allauth.core.exceptions import ReauthenticationRequired
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404

logger = logging.getLogger("finpro.errors")
# Exceptions that views raise on purpose and that Django or allauth turn into a page (404, 403,
# 400, a re-authentication prompt): refusals, not errors to page anyone about.
HANDLED = (Http404, PermissionDenied, BadRequest, SuspiciousOperation, ReauthenticationRequired)


class ErrorReferenceMiddleware:
    """Gives each unhandled exception a short reference ID, logged without PII and shown
    on the "System Error" page so support can find the log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, HANDLED):
            return None  # Django logs these at WARNING ("Not Found: …"); allauth re-prompts
        reference = secrets.token_hex(4).upper()
        request.error_reference = reference
        logger.error(
            "unhandled %s on %s %s [ref %s]", type(exception).__name__, request.method, request.path, reference
        )


class MaintenanceModeMiddleware:
    """While maintenance mode is on, everyone but support staff gets "System Is Currently
    Unavailable" (HTTP 503 with Retry-After). Sign-in, the admin, assets, health and the
    status page stay reachable so support can work and people can read the status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        from .status import maintenance

        if not request.path.startswith(tuple(settings.MAINTENANCE_EXEMPT_PREFIXES)):
            state = maintenance()
            if state.on and not getattr(request.user, "is_staff", False):
                return self._unavailable(request, state)
        return self.get_response(request)

    @staticmethod
    def _unavailable(request, state):
        from django.shortcuts import render

        response = render(request, "errors/503.html", {"maintenance_message": state.message}, status=503)
        response["Retry-After"] = str(state.retry_after_seconds)
        response["Cache-Control"] = "no-store"
        return response
