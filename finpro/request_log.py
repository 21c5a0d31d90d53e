"""One log line per request, cheaply.

Replaces django-structlog's RequestMiddleware (two structlog events per request, each field
redacted by a processor and then the whole line again by the handler's filter): a single
`request_finished` line through the standard logger "finpro.requests", built with %-style
arguments only when INFO is enabled, and redacted once by the console handler's
RedactPIIFilter (finpro.logging) like every other record.

    request_finished GET /record/registrations/ 200 12.3ms user=42 id=3f0c…

The request id comes from the X-Request-ID header when a proxy sets one, otherwise it is made
here; it is kept on the request (`request.request_id`)."""

import logging
import time
import uuid

logger = logging.getLogger("finpro.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.META.get("HTTP_X_REQUEST_ID") or uuid.uuid4().hex
        if not logger.isEnabledFor(logging.INFO):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        status = response.status_code
        level = logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
        if logger.isEnabledFor(level):
            user = getattr(request, "user", None)
            # Reading request.user here costs nothing: the middleware above already loaded it.
            user_id = user.pk if user is not None and user.is_authenticated else "-"
            logger.log(level, "request_finished %s %s %s %.1fms user=%s id=%s", request.method,
                       request.get_full_path(), status, (time.perf_counter() - started) * 1000, user_id,
                       request.request_id)
        return response
