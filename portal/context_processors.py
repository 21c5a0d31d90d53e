from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .guides import guide_for_path

# The left navigation: (label, url name). An entry whose app has no route yet is left out.
NAVIGATION = [
    ("Dashboard", "dashboard"),
    ("Record", "record:overview"),
    ("CE", "ce:overview"),
    ("Forms", "u4:overview"),
    ("U5", "u5:overview"),
    ("Exams", "exams:overview"),
    ("Programs", "programs:overview"),
    ("Firm", "firm:switch"),
    ("My Account", "my_account"),
    ("Support admin", "admin:index"),
]


def _is_firm_member(request) -> bool:
    from firmsettings.selectors import has_membership  # remembered on the user for the request

    return has_membership(user=request.user)


def _has_record(request) -> bool:
    """The rep's pages (dashboard, record and the apps hanging off it) need a CRD person."""
    return request.user.individual_id is not None


def _is_support_staff(request) -> bool:
    return request.user.is_staff


# Entries shown only to some users: url name -> predicate(request). Every link a user sees
# answers 200 for them (tests/e2e/test_every_page.py walks the sidebar of every persona).
NAV_CONDITIONS = {
    "dashboard": _has_record,
    "record:overview": _has_record,
    "ce:overview": _has_record,
    "u4:overview": _has_record,
    "u5:overview": _has_record,
    "exams:overview": _has_record,
    "programs:overview": _has_record,
    "firm:switch": _is_firm_member,
    "admin:index": _is_support_staff,
}


# Someone who has not finished account setup or identity verification sees only these entries
# (the dashboard sends them on to the step they are at).
LIMITED_NAVIGATION = {"dashboard"}


def _limited_navigation(request) -> bool:
    """A rep who has not finished account setup (security questions) or identity verification.
    No query: the user is loaded with what the rules read, and finished setup is a session flag
    (set at sign-in and by the account-setup gate)."""
    from accounts.middleware import SESSION_SETUP_DONE
    from accounts.selectors import is_rep_account
    from identity.selectors import needs_verification

    user = request.user
    if needs_verification(user=user):
        return True
    session = getattr(request, "session", None)
    return is_rep_account(user=user) and not (session is not None and session.get(SESSION_SETUP_DONE))


def _nav_items(request):
    items = []
    limited = _limited_navigation(request)
    for label, name in NAVIGATION:
        if limited and name not in LIMITED_NAVIGATION:
            continue
        condition = NAV_CONDITIONS.get(name)
        if condition is not None and not condition(request):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items


def _idle_seconds_left(request) -> int:
    from accounts.middleware import idle_seconds_left

    if getattr(request, "session", None) is None:
        return settings.SESSION_COOKIE_AGE
    return idle_seconds_left(request)


def portal(request):
    """Values every page needs: navigation, support contacts, the development mailbox switch."""
    return {
        "nav_items": _nav_items(request) if getattr(request, "user", None) and request.user.is_authenticated else [],
        "support_phone": settings.SUPPORT_PHONE,
        "support_hours": settings.SUPPORT_HOURS,
        "dev_mailbox": settings.DEV_MAILBOX,
        # The header's help link: the guide for this page, or the help center.
        "page_guide": guide_for_path(getattr(request, "path", "")),
        # The idle-session warning (static/js/session.js) reads these from <body>.
        "session_idle_seconds": _idle_seconds_left(request),
        "session_warning_seconds": min(settings.SESSION_WARNING_SECONDS, settings.SESSION_COOKIE_AGE),
    }
