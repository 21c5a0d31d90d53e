"""Account middleware: the account-setup gate and the session limits (15 minutes idle, 12 hours)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

from .selectors import has_security_questions, is_rep_account

SESSION_STARTED = "auth_started_at"
SESSION_SETUP_DONE = "accounts_setup_done"
SESSION_SEEN = "auth_seen_at"


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


class SessionLimitMiddleware:
    """The two limits of a signed-in session, without a session write on every request.

    Idle: SESSION_COOKIE_AGE (15 minutes) after the last *recorded* activity. Activity is
    recorded in the session (SESSION_SEEN) at most once every SESSION_SEEN_INTERVAL_SECONDS
    (a minute), and whenever the session is saved anyway; each such save also renews the
    stored session's own expiry, so store and check agree. A person is therefore signed out
    between 14 and 15 minutes after their last request, never later; the page's idle warning
    is told the exact time left (portal.context_processors). Absolute: SESSION_ABSOLUTE_SECONDS
    (12 hours) after sign-in, however active."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = time.time()
            started = session.get(SESSION_STARTED)
            seen = session.get(SESSION_SEEN)
            if started is not None and now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, "For your security you were signed out after 12 hours. Please sign in again.")
                return redirect(settings.LOGIN_URL)
            if seen is not None and now - seen > settings.SESSION_COOKIE_AGE:
                logout(request)  # the page goes on as for anyone signed out (sign-in redirect)
            else:
                if started is None:
                    session[SESSION_STARTED] = now
                if seen is None or now - seen >= settings.SESSION_SEEN_INTERVAL_SECONDS:
                    session[SESSION_SEEN] = now
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.modified and not session.is_empty():
            # Saved anyway (a flag set, "Stay signed in"): the store's expiry moves, so does ours.
            session[SESSION_SEEN] = time.time()
        return response


def idle_seconds_left(request) -> int:
    """Seconds until the idle limit signs this session out (for the page's warning)."""
    seen = request.session.get(SESSION_SEEN)
    if seen is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, settings.SESSION_COOKIE_AGE - int(time.time() - seen))


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
