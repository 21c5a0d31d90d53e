"""The identity gate: until a signed-in account is identity-verified, every page except the
exempt ones (settings.GATE_EXEMPT_PREFIXES: sign-in, account setup, verification itself,
support admin, assets, health) redirects to identity verification."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .selectors import needs_verification


class IdentityGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = tuple(settings.GATE_EXEMPT_PREFIXES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.exempt)
            and needs_verification(user=user)
        ):
            target = reverse("identity:start")
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
        return self.get_response(request)
