"""Sign in with Google (django-allauth).

- A Google account already connected to a FinPro account signs into it.
- A first-time Google user is sent through the Privacy Statement and Create Profile, with
  name and email prefilled; the Google account is connected once the profile is created.
- A Google email that matches an existing FinPro account never signs into it: there is no
  email-based matching (SOCIALACCOUNT_EMAIL_AUTHENTICATION is off). The owner connects Google
  from My Account after signing in with their password.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django import forms
from django.shortcuts import redirect

from . import services, signin_throttle

SESSION_PENDING = "signup_google_pending"


class FinProSocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing or sociallogin.state.get("process") == "connect":
            return
        request.session[SESSION_PENDING] = sociallogin.serialize()
        raise ImmediateHttpResponse(redirect("accounts:privacy"))

    def is_open_for_signup(self, request, sociallogin):
        # allauth's own social sign-up form is never used; pre_social_login sends people to Create Profile.
        return False


class FinProAccountAdapter(DefaultAccountAdapter):
    """Slows password guessing with a growing delay per User ID and per IP (signin_throttle),
    the same answer for known and unknown User IDs, and counts failures for support."""

    def is_open_for_signup(self, request):
        return False

    def authenticate(self, request, **credentials):
        username = credentials.get("username") or ""
        ip = request.META.get("REMOTE_ADDR") or None
        wait = signin_throttle.wait_seconds(username=username, ip=ip)
        if wait:
            raise forms.ValidationError(
                f"Too many failed sign-ins. Try again in {_duration(wait)}, or reset your password with "
                "“Forgot password” to get in now.",
                code="sign_in_delayed",
            )
        user = super().authenticate(request, **credentials)
        if user is None:
            signin_throttle.failure_record(username=username, ip=ip)
            services.sign_in_failure_record(username=username)
        else:
            signin_throttle.clear(username=username)
        return user


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def pending(request) -> bool:
    return SESSION_PENDING in request.session


def _pending_login(request) -> SocialLogin | None:
    data = request.session.get(SESSION_PENDING)
    if not data:
        return None
    try:
        return SocialLogin.deserialize(data)
    except (ValueError, KeyError, TypeError):
        request.session.pop(SESSION_PENDING, None)
        return None


def prefill(request) -> dict:
    """Create Profile's initial values from a pending Google sign-in: name and email."""
    login = _pending_login(request)
    if login is None:
        return {"country": "US", "has_ssn": "yes"}
    data = login.account.extra_data or {}
    email = data.get("email") or (login.email_addresses[0].email if login.email_addresses else "")
    return {
        "country": "US", "has_ssn": "yes",
        "first_name": data.get("given_name", ""), "last_name": data.get("family_name", ""),
        "personal_email": email,
    }


def attach_pending(request, user) -> None:
    """Connect the pending Google account to the account just created."""
    login = _pending_login(request)
    request.session.pop(SESSION_PENDING, None)
    if login is None:
        return
    services.social_account_connect(
        user=user, provider=login.account.provider, uid=login.account.uid, extra_data=login.account.extra_data
    )



