"""`Cache-Control: no-store, private` on every page: walked over every URL of the resolver
(admin included), signed out and signed in, whatever the status (200, redirect, 403, 404)."""

import re

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership
from tests import factories

pytestmark = pytest.mark.django_db


def _paths():
    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    return sorted(set(walk(get_resolver().url_patterns, "/")))


SAMPLES = {"crd_number": "{crd}", "firm_crd": "{crd}", "pk": "{pk}", "token": "not-a-token", "kind": "personal",
           "step": "options", "group": "attestation", "key": "abc", "uidb36": "1", "object_id": "{pk}",
           "id": "{pk}", "app_label": "crd", "url": "x", "content_type_id": "1", "path": "x"}


def _concrete(route: str, ctx) -> str:
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLES.get(m.group(1), "1"), route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLES.get(m.group(1), "1"), route)
    route = re.sub(r"\([^)]*\)", "1", route)  # unnamed groups (simple_history's)
    route = route.replace("^", "").replace("$", "").replace("\\", "")
    return route.format(**ctx)


@pytest.fixture
def ctx(db):
    firm = factories.FirmFactory()
    rep = factories.VerifiedRepFactory()
    FirmMembership.objects.create(firm=firm, user=rep, role=MembershipRole.ADMIN)
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    return {"crd": firm.crd_number, "pk": FirmMembership.objects.get(user=rep).pk, "rep": rep,
            "superuser": superuser}


def test_every_url_says_no_store_private(client, ctx):
    client.raise_request_exception = False
    assert len(admin.site._registry) > 10
    checked, missing, seen = 0, [], {}
    for user in (None, ctx["rep"], ctx["superuser"]):
        client.logout()
        if user is not None:
            client.force_login(user)
        for route in _paths():
            if route.startswith("/static/"):
                continue
            url = _concrete(route, {"crd": ctx["crd"], "pk": ctx["pk"]})
            response = client.get(url)
            header = response.get("Cache-Control", "")
            seen[(user, url)] = response.status_code
            checked += 1
            if "no-store" not in header or "private" not in header:
                missing.append(f"{url} ({response.status_code}): {header!r}")
    assert checked > 300
    # the walk reached the pages that show people, not only sign-in redirects
    crd = ctx["crd"]
    for url in (f"/firm/{crd}/roster/", f"/firm/{crd}/roster.csv", f"/firm/{crd}/members/", "/record/", "/"):
        assert seen[(ctx["rep"], url)] == 200, url
    assert seen[(ctx["superuser"], "/admin/")] == 200
    assert not missing, "\n".join(missing)
