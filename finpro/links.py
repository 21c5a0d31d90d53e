"""Absolute links for emails and feeds: always SITE_URL plus a path.

Links are never built from the request's Host header, so a forged Host cannot put another
site's address into an activation or reset email, and a message sent by a worker (which has
no request) links exactly like one sent from a page.
"""

from django.conf import settings
from django.urls import reverse


def site_url() -> str:
    """The address people open FinPro at, without a trailing slash."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """SITE_URL joined to a path that starts with a slash."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url() takes a path starting with '/', not {path!r}")
    return site_url() + path


def absolute_reverse(viewname: str, *args, **kwargs) -> str:
    """reverse() as an absolute link."""
    return absolute_url(reverse(viewname, args=args or None, kwargs=kwargs or None))
