"""Account middleware: the account-setup gate and the 12-hour absolute session cap."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

from .selectors import has_security_questions, is_rep_account

SESSION_STARTED = "auth_started_at"
SESSION_SETUP_DONE = "accounts_setup_done"


def _exempt(path: str) -> bool:
    # Identity verification comes after account setup, so it is not exempt from this gate.
    return any(path.startswith(prefix) for prefix in settings.GATE_EXEMPT_PREFIXES if prefix != "/identity/")


class AccountSetupGateMiddleware:
    """Sends a signed-in person who has not chosen security questions to that page first.
    The positive answer is remembered in the session so later requests cost no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None and user.is_authenticated and not _exempt(request.path)
            and not request.session.get(SESSION_SETUP_DONE)
            and is_rep_account(user=user)
        ):
            if has_security_questions(user=user):
                request.session[SESSION_SETUP_DONE] = True
            else:
                return redirect("accounts:security_questions")
        return self.get_response(request)


class AbsoluteSessionLimitMiddleware:
    """Ends a signed-in session SESSION_ABSOLUTE_SECONDS after sign-in, however active it was
    (the 15-minute idle limit is the session cookie age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, "For your security you were signed out after 12 hours. Please sign in again.")
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class LastAccessMiddleware:
    """Records when each signed-in user last used FinPro, for the firm's access report:
    at most one write per user every LAST_ACCESS_INTERVAL_MINUTES, never one per request."""

    def __init__(self, get_response):
        from datetime import timedelta

        from django.conf import settings

        self.get_response = get_response
        self.interval = timedelta(minutes=settings.LAST_ACCESS_INTERVAL_MINUTES)

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and response.status_code < 500:
            from .services import user_last_access_record

            user_last_access_record(user=user, interval=self.interval)
        return response
