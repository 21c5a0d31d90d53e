"""RFC 9457 problem details for the API: every error is application/problem+json."""

from __future__ import annotations

import json

from django.http import HttpResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
    422: "The request is not valid", 429: "Too many requests",
}


class ApiProblem(Exception):
    """Raise to answer with a problem body; `headers` go on the response (Retry-After, …)."""

    def __init__(self, status: int, detail: str = "", *, headers: dict[str, str] | None = None, **extra):
        super().__init__(detail or TITLES.get(status, ""))
        self.status, self.detail, self.headers, self.extra = status, detail, headers or {}, extra


def problem_response(status: int, detail: str = "", *, headers: dict[str, str] | None = None,
                     **extra) -> HttpResponse:
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="finpro-api"'
    return response
