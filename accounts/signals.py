"""Sign-in bookkeeping: the list of recent sign-ins, and the start of the session's 12 hours."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import selectors, services
from .middleware import SESSION_SEEN, SESSION_SETUP_DONE, SESSION_STARTED


@receiver(user_logged_in, dispatch_uid="accounts_record_sign_in")
def record_sign_in(sender, request, user, **kwargs):
    if request is None:
        return
    services.sign_in_record(
        user=user, ip_address=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.headers.get("user-agent", ""),
        method="google" if request.path.startswith("/accounts/google/") else "password",
    )
    if hasattr(request, "session"):
        request.session[SESSION_STARTED] = request.session[SESSION_SEEN] = time.time()
        # Whether account setup is finished, asked once here so the gate and the navigation
        # read the session instead of the database on every page.
        if selectors.has_security_questions(user=user):
            request.session[SESSION_SETUP_DONE] = True
        else:
            request.session.pop(SESSION_SETUP_DONE, None)
