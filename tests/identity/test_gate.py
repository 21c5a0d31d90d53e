"""The identity gate walks every URL pattern: a signed-in account that is not identity-verified
is redirected to verification from every route but the exempt prefixes. New routes are
covered automatically because the walk reads the live resolver."""

import re
import uuid

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path
from django.urls.resolvers import RegexPattern, RoutePattern

from tests.factories import UserFactory, VerifiedRepFactory

pytestmark = pytest.mark.django_db

SAMPLES = ["1", "x", "abc-def", str(uuid.uuid4()), "2026", "a/b"]


def _fill(pattern) -> str | None:
    """A concrete path for one pattern piece, or None if we cannot build one."""
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        for name, converter in pattern.converters.items():
            value = next((s for s in SAMPLES if re.fullmatch(converter.regex, s)), None)
            if value is None:
                return None
            route = re.sub(r"<(?:\w+:)?" + name + ">", value, route)
        return route
    if isinstance(pattern, RegexPattern):
        regex = pattern._regex.lstrip("^").rstrip("$").replace("\\Z", "")
        if not regex:
            return ""
        candidate = re.sub(r"\(\?P<\w+>[^)]*\)", "1", regex).replace("\\", "")
        candidate = re.sub(r"[?*+]", "", candidate)
        return candidate if re.fullmatch(pattern._regex.lstrip("^"), candidate) else None
    return None


def all_paths(resolver=None, prefix="/"):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        piece = _fill(entry.pattern)
        if piece is None:
            yield (prefix + str(entry.pattern), None)
            continue
        if isinstance(entry, URLResolver):
            yield from all_paths(entry, prefix + piece)
        elif isinstance(entry, URLPattern):
            yield (prefix + str(entry.pattern), prefix + piece)


def _exempt(p: str) -> bool:
    return p.startswith(tuple(settings.GATE_EXEMPT_PREFIXES))


def test_every_non_exempt_route_redirects_an_unverified_account(client):
    user = UserFactory(individual=None)
    client.force_login(user)
    walked = list(all_paths())
    unbuildable = [route for route, p in walked if p is None and not _exempt("/" + route.lstrip("/"))]
    assert unbuildable == [], f"cannot build a sample path for {unbuildable}"
    checked = 0
    for _route, p in walked:
        if p is None or _exempt(p):
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(p)
            assert response.status_code == 302, (method, p, response.status_code)
            assert response["Location"] == "/identity/", (method, p)
        checked += 1
    assert checked >= 2  # "/" (home and dashboard) at least; grows as apps add routes


def test_exempt_routes_and_verified_users_pass(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/identity/").status_code == 302  # the flow's own redirect to its current step
    assert client.get("/identity/no-record/").status_code == 200
    assert client.get("/healthz").status_code != 302
    assert client.get("/dev/mailbox/").status_code == 200
    client.force_login(VerifiedRepFactory())
    assert client.get("/").status_code == 200


def test_anonymous_home_page_is_not_gated(client):
    assert client.get("/").status_code == 200


def test_htmx_requests_get_an_hx_redirect(client):
    client.force_login(UserFactory())
    response = client.get("/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == "/identity/"


def _new_page(request):
    from django.http import HttpResponse

    return HttpResponse("secret record")


urlpatterns = [*get_resolver().url_patterns, path("record/new-section/<int:pk>/", _new_page)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_route_added_later_is_gated_too(client):
    client.force_login(UserFactory())
    paths = [p for _route, p in all_paths(get_resolver(__name__)) if p and p.startswith("/record/new-section/")]
    assert paths == ["/record/new-section/1/"]
    response = client.get(paths[0])
    assert response.status_code == 302 and response["Location"] == "/identity/"
