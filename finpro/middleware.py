"""Portal-wide middleware: an error reference for every unexpected exception."""

import logging
import secrets

logger = logging.getLogger("finpro.errors")


class ErrorReferenceMiddleware:
    """Gives each unhandled exception a short reference ID, logged without PII and shown
    on the "System Error" page so support can find the log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        reference = secrets.token_hex(4).upper()
        request.error_reference = reference
        logger.error(
            "unhandled %s on %s %s [ref %s]", type(exception).__name__, request.method, request.path, reference
        )
