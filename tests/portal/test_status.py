"""Maintenance mode (503 + Retry-After), the System Status page, and last-access recording."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from accounts.models import User
from portal.models import MessageKind, StatusMessage, SystemState
from portal.services import system_status_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(MAINTENANCE_MODE=True, MAINTENANCE_RETRY_AFTER_SECONDS=1800)
def test_maintenance_setting_shows_unavailable_with_503(rep_client):
    for signed_in in (True, False):
        if not signed_in:
            rep_client.logout()
        response = rep_client.get("/")
        assert response.status_code == 503
        assert response["Retry-After"] == "1800"
        assert "System Is Currently Unavailable" in response.content.decode()
    assert rep_client.get("/status/").status_code == 200
    assert rep_client.get("/accounts/login/").status_code == 200


@override_settings(MAINTENANCE_MODE=True)
def test_support_staff_work_through_maintenance(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/").url == "/admin/"  # not the maintenance page: their landing, the admin
    assert client.get("/admin/").status_code == 200


def test_admin_switch_turns_maintenance_on_and_off(rep_client, staff_user):
    assert rep_client.get("/").status_code == 200
    system_status_update(user=staff_user, maintenance_mode=True, retry_after_minutes=45,
                         maintenance_message="Back by 6 a.m. Eastern Time.")
    response = rep_client.get("/record/")
    assert response.status_code == 503 and response["Retry-After"] == "2700"
    assert "Back by 6 a.m. Eastern Time." in response.content.decode()
    system_status_update(user=staff_user, maintenance_mode=False)
    assert rep_client.get("/").status_code == 200


def test_support_agent_edits_status_in_the_admin(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/admin/portal/statusmessage/add/", {
        "kind": "maintenance", "title": "Quarterly upgrade", "body": "FinPro will be unavailable.",
        "starts_at_0": "12/05/2099", "starts_at_1": "22:00", "ends_at_0": "12/06/2099", "ends_at_1": "02:00",
        "published": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    body = client.get("/status/").content.decode()
    assert "Quarterly upgrade" in body and "12/05/2099 10:00 PM" in body


def test_status_page_shows_state_and_scheduled_maintenance(client):
    now = timezone.now()
    StatusMessage.objects.create(kind=MessageKind.MAINTENANCE, title="Database upgrade",
                                 starts_at=now + dt.timedelta(days=3), ends_at=now + dt.timedelta(days=3, hours=4))
    StatusMessage.objects.create(kind=MessageKind.INCIDENT, title="Slow sign-in",
                                 starts_at=now - dt.timedelta(hours=1))
    StatusMessage.objects.create(kind=MessageKind.NOTICE, title="Hidden draft", published=False,
                                 starts_at=now - dt.timedelta(hours=1))
    StatusMessage.objects.create(kind=MessageKind.MAINTENANCE, title="Long ago",
                                 starts_at=now - dt.timedelta(days=30), ends_at=now - dt.timedelta(days=29))
    system_status_update(state=SystemState.DEGRADED, note="Sign-in is slow; we are on it.")
    body = client.get("/status/").content.decode()
    assert "Some features are slow or unavailable" in body and "Sign-in is slow; we are on it." in body
    assert "Database upgrade" in body and "Slow sign-in" in body
    assert "Hidden draft" not in body and "Long ago" not in body


def test_status_page_when_all_is_well(client):
    body = client.get("/status/").content.decode()
    assert "Operational" in body and "No maintenance is scheduled." in body


@override_settings(LAST_ACCESS_INTERVAL_MINUTES=5)
def test_last_access_is_recorded_at_most_once_per_interval(rep_client, rep):
    import time_machine

    assert rep.last_access_at is None
    rep_client.get("/")
    first = User.objects.get(pk=rep.pk).last_access_at
    assert first is not None
    with CaptureQueriesContext(connection) as ctx:
        rep_client.get("/")
    assert not any("UPDATE \"accounts_user\"" in q["sql"] for q in ctx.captured_queries)
    assert User.objects.get(pk=rep.pk).last_access_at == first
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6), tick=False):
        rep_client.get("/")
        assert User.objects.get(pk=rep.pk).last_access_at > first


def test_anonymous_requests_record_nothing(client, rep):
    client.get("/")
    assert User.objects.get(pk=rep.pk).last_access_at is None
