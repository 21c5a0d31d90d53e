"""The portal shell: home, dashboard, error pages, health."""

import pytest
from django.test import override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def test_home_page_invites_sign_in(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your securities industry record, in one place" in body
    assert 'href="/accounts/login/"' in body
    assert "cdn" not in body.lower()


def test_signed_in_user_gets_dashboard_with_navigation(rep_client, rep):
    body = rep_client.get("/").content.decode()
    assert "My Task list" in body
    assert 'aria-label="Main"' in body
    assert rep.initials in body


def test_unknown_page_is_a_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]
handler500 = "portal.views.error_500"


@override_settings(ROOT_URLCONF=__name__)
def test_unexpected_error_shows_system_error_with_reference(client, caplog):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "System Error" in body
    reference = body.split("Reference: <strong>")[1].split("</strong>")[0]
    assert len(reference) == 8
    assert any(reference in r.getMessage() for r in caplog.records)


def test_healthz_reports_database_cache_and_broker(client):
    response = client.get("/healthz?format=json")
    assert response.status_code == 200
    data = response.json()
    names = " ".join(data.keys()).lower()
    assert "database" in names and "cache" in names and "broker" in names


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_static_assets_are_served_locally(client):
    body = client.get("/").content.decode()
    assert "/static/css/finpro.css" in body
    assert "/static/django_htmx/htmx" in body
