"""The IAR CE provider endpoint: providers report completions as JSON with a bearer token.

    POST /ce/providers/v1/completions
    Authorization: Bearer <token>
    {"course_code": "ETH-101", "crd_number": 7100004, "completed_on": "2026-03-14"}

201 with the credit when recorded, 200 with the same body when it was already reported
(idempotent on provider + course + person + completion date). Errors are RFC 9457 problem
details (application/problem+json): 400 for a body that is not a JSON object, 422 with
`errors` by field for a completion that does not check out, 401 with no detail for a wrong,
revoked or expired token."""

import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import iar_services


def _problem(status: int, title: str, **extra):
    body = {"type": "about:blank", "title": title, "status": status, **extra}
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="finpro-iar-ce"'
    return response


@csrf_exempt
@require_POST
def completions(request):
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.startswith("Bearer ") else ""
    provider = iar_services.provider_for_token(token=token)
    if provider is None:
        return _problem(401, "Unauthorized")
    try:
        data = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        return _problem(400, "The body must be a JSON object.")
    from django.core.exceptions import ValidationError

    try:
        completion = iar_services.completion_validate(
            provider=provider, course_code=data.get("course_code"), crd_number=data.get("crd_number"),
            completed_on=data.get("completed_on"))
    except ValidationError as exc:
        errors = {k: v[0] for k, v in exc.message_dict.items()}
        return _problem(422, "The completion was not recorded.", errors=errors)
    credit, created = iar_services.completion_record(completion=completion)
    return JsonResponse({
        "id": credit.pk, "provider_number": provider.provider_number, "course_code": completion.course.code,
        "crd_number": completion.individual.crd_number, "completed_on": credit.completed_on.isoformat(),
        "credits": credit.credits, "component": credit.component, "year": credit.year,
        "reported_at": credit.reported_at.isoformat(), "created": created,
    }, status=201 if created else 200)
