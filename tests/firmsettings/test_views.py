"""Firm pages: settings cards and history, members, the invitation flow end to end, the nav entry."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from firmsettings import selectors, services
from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership, FirmSettingChange
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 14, tzinfo=dt.UTC)


def _url(name, firm, **kw):
    return reverse(f"firm:{name}", kwargs={"crd_number": firm.crd_number, **kw})


CE_OFF = {"ce-ce_reminders_enabled": "off", "ce-ce_status_change_emails": "off"}


@time_machine.travel(NOW, tick=False)
def test_compliance_saves_the_ce_card_and_the_history_shows_it(as_user, staff, firm):
    client = as_user(staff["compliance"])
    response = client.post(_url("settings_group", firm, group="ce"), {
        "ce-ce_firm_due_date": "2026-11-30", "ce-ce_reminders_enabled": "on", "ce-ce_reminder_days": ["60", "30", "7"],
        "ce-ce_status_change_emails": "on", "ce-ce_copy_to_email": "ce@firm.example",
    })
    assert response.status_code == 302
    row = selectors.settings_for(firm=type(firm).objects.get(pk=firm.pk))
    assert (row.ce_firm_due_date, row.ce_reminder_days, row.ce_copy_to_email) == (
        dt.date(2026, 11, 30), [60, 30, 7], "ce@firm.example")
    history = client.get(_url("history", firm)).content.decode()
    assert "Firm CE due date" in history and "11/30/2026" in history
    assert "60, 30, 7 days before" in history
    assert "compliance.staff" in history or staff["compliance"].get_full_name() in history


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("due", "message"), [
    ("2026-12-31", "must fall before Dec 31, 2026"),
    ("2027-01-10", "must fall before Dec 31, 2026"),
    ("2026-05-01", "cannot be in the past"),
])
def test_a_bad_due_date_shows_next_to_the_field_and_nothing_is_saved(as_user, staff, firm, due, message):
    client = as_user(staff["compliance"])
    response = client.post(_url("settings_group", firm, group="ce"), {"ce-ce_firm_due_date": due, **CE_OFF})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="id_ce-ce_firm_due_date_error">\s*<li>[^<]*' + re.escape(message), html)
    assert not FirmSettingChange.objects.exists()


def test_each_card_saves_only_its_own_settings(as_user, staff, firm):
    client = as_user(staff["compliance"])
    client.post(_url("settings_group", firm, group="attestation"),
                {"attestation-attestation_employees": "on", "attestation-attestation_contractors": "off"})
    client.post(_url("settings_group", firm, group="esignature"),
                {"esignature-esignature_employees": "on", "esignature-esignature_contractors": "on"})
    client.post(_url("settings_group", firm, group="iar_ce_fee"), {"iar_ce_fee-iar_ce_fee_opt_in": "on"})
    row = selectors.settings_for(firm=type(firm).objects.get(pk=firm.pk))
    assert row.attestation_employees and not row.attestation_contractors
    assert row.esignature_employees and row.esignature_contractors and row.iar_ce_fee_opt_in
    assert set(FirmSettingChange.objects.values_list("setting", flat=True)) == {
        "attestation_employees", "esignature_employees", "esignature_contractors", "iar_ce_fee_opt_in"}


def test_a_viewer_sees_settings_read_only(as_user, staff, firm):
    html = as_user(staff["viewer"]).get(_url("settings", firm)).content.decode()
    assert "Save Attestation" not in html
    assert "disabled" in html
    assert "can read these settings but not change them" in html


def test_settings_and_history_pages_have_a_constant_query_count(as_user, staff, firm):
    client = as_user(staff["viewer"])

    def count(name):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(name, firm)).status_code == 200
        return len(ctx.captured_queries)

    services.firm_settings_update(firm=firm, changed_by=staff["admin"], changes={"attestation_employees": True})
    services.flex_funding_deposit(firm=firm, amount_cents=100, recorded_by=None)
    before = {name: count(name) for name in ("home", "settings", "history", "flex_funding")}
    for i in range(12):
        services.firm_settings_update(firm=firm, changed_by=staff["admin"],
                                      changes={"attestation_employees": i % 2 == 0, "esignature_employees": i % 2 == 1})
        services.flex_funding_deposit(firm=firm, amount_cents=100 + i, recorded_by=None)
    assert {name: count(name) for name in before} == before


# --- members ---------------------------------------------------------------------------------


def test_admin_changes_a_role_and_removes_a_member(as_user, staff, firm):
    client = as_user(staff["admin"])
    viewer = FirmMembership.objects.get(firm=firm, user=staff["viewer"])
    response = client.post(_url("member_role", firm, pk=viewer.pk), {f"m{viewer.pk}-role": "compliance"})
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.role == MembershipRole.COMPLIANCE
    client.post(_url("member_remove", firm, pk=viewer.pk))
    assert not FirmMembership.objects.filter(pk=viewer.pk).exists()


def test_admin_cannot_downgrade_or_remove_themselves_as_last_admin(as_user, staff, firm):
    client = as_user(staff["admin"])
    me = FirmMembership.objects.get(firm=firm, user=staff["admin"])
    response = client.post(_url("member_role", firm, pk=me.pk), {f"m{me.pk}-role": "viewer"}, follow=True)
    assert "last admin cannot be given another role" in response.content.decode()
    response = client.post(_url("member_remove", firm, pk=me.pk), follow=True)
    assert "last admin cannot be removed" in response.content.decode()
    me.refresh_from_db()
    assert me.role == MembershipRole.ADMIN


def test_invite_form_shows_errors_next_to_the_field(as_user, staff, firm):
    client = as_user(staff["admin"])
    response = client.post(_url("invite", firm), {"email": staff["viewer"].email, "role": "viewer"})
    assert response.status_code == 400
    assert "already a member of the firm" in response.content.decode()
    response = client.post(_url("invite", firm), {"email": "not-an-email", "role": "viewer"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()


def _link_from(message) -> str:
    return re.search(r"https?://[^/\s]+(/firm/invitations/[^/\s]+/)", message.body).group(1)


def test_invitation_flow_end_to_end_with_a_new_account(client, staff, firm, django_capture_on_commit_callbacks):
    client.force_login(staff["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("invite", firm), {"email": "jamie.new@firm.example", "role": "compliance"})
    assert response.status_code == 302
    assert "jamie.new@firm.example" in client.get(_url("members", firm)).content.decode()
    (message,) = mail.outbox
    link = _link_from(message)
    client.logout()

    page = client.get(link)
    assert page.status_code == 200 and "Create a FinPro account" in page.content.decode()
    bad = client.post(link, {"first_name": "Jamie", "last_name": "New", "username": "jamie.new",
                             "password1": "short", "password2": "short"})
    assert bad.status_code == 400 and "too short" in bad.content.decode()
    done = client.post(link, {"first_name": "Jamie", "last_name": "New", "username": "jamie.new",
                              "password1": "lantern orchard velvet", "password2": "lantern orchard velvet"})
    assert done["Location"] == _url("home", firm)
    member = FirmMembership.objects.get(firm=firm, user__username="jamie.new")
    assert member.role == MembershipRole.COMPLIANCE
    assert client.get(_url("settings", firm)).status_code == 200  # signed in as the new account

    client.logout()
    reused = client.get(link)
    assert reused.status_code == 410 and "already been used" in reused.content.decode()
    assert client.post(link, {"first_name": "X", "last_name": "Y", "username": "someone.else",
                              "password1": "lantern orchard velvet", "password2": "lantern orchard velvet"}
                       ).status_code == 410


def test_invitation_accepted_by_a_signed_in_account(client, staff, firm, other_firm, outsider):
    sent = services.invitation_send(firm=firm, email=outsider.email, role=MembershipRole.VIEWER,
                                    invited_by=staff["admin"])
    link = reverse("firm:invitation", kwargs={"token": sent.token})
    login_redirect = client.get(link).content.decode()
    assert f"?next={link.replace('/', '%2F')}" in login_redirect or f"?next={link}" in login_redirect
    client.force_login(outsider)
    response = client.post(link)
    assert response["Location"] == _url("home", firm)
    assert FirmMembership.objects.filter(firm=firm, user=outsider).exists()
    assert client.get(reverse("firm:switch")).status_code == 200  # two firms now: the switch page lists both


def test_expired_invitation_page_says_so(client, staff, firm):
    with time_machine.travel(NOW, tick=False):
        sent = services.invitation_send(firm=firm, email="late@mail.example", role=MembershipRole.VIEWER,
                                        invited_by=staff["admin"])
    with time_machine.travel(NOW + dt.timedelta(days=8), tick=False):
        response = client.get(reverse("firm:invitation", kwargs={"token": sent.token}))
    assert response.status_code == 410 and "expired" in response.content.decode()


def test_admin_revokes_a_pending_invitation(as_user, staff, firm):
    sent = services.invitation_send(firm=firm, email="oops@mail.example", role=MembershipRole.VIEWER,
                                    invited_by=staff["admin"])
    as_user(staff["admin"]).post(_url("invitation_revoke", firm, pk=sent.invitation.pk))
    assert selectors.invitation_by_token(token=sent.token).status == "revoked"


# --- navigation ----------------------------------------------------------------------------


def test_nav_shows_firm_only_to_members(client, staff, rep):
    client.force_login(staff["viewer"])
    assert 'href="/firm/"' in client.get("/", follow=True).content.decode()
    client.force_login(rep)
    assert 'href="/firm/"' not in client.get("/").content.decode()


def test_nav_check_costs_one_query(client, rep):
    client.force_login(rep)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    assert sum("firmsettings_firmmembership" in q["sql"] for q in ctx.captured_queries) == 1


def test_firm_staff_without_crd_record_can_use_the_section(client, firm, staff):
    staff_user = UserFactory(username="no.record")
    FirmMembership.objects.create(firm=firm, user=staff_user, role=MembershipRole.VIEWER)
    client.force_login(staff_user)
    assert staff_user.individual is None
    assert client.get(_url("roster", firm)).status_code == 200


def test_members_page_query_count_does_not_grow(as_user, staff, firm):
    client = as_user(staff["admin"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("members", firm)).status_code == 200
        return len(ctx.captured_queries)

    services.invitation_send(firm=firm, email="one@mail.example", role="viewer", invited_by=staff["admin"])
    small = count()
    for i in range(8):
        FirmMembership.objects.create(firm=firm, user=UserFactory(), role=MembershipRole.VIEWER)
        services.invitation_send(firm=firm, email=f"p{i}@mail.example", role="viewer", invited_by=staff["admin"])
    assert count() == small


def test_the_invitation_and_set_password_state_one_password_rule(client, staff, firm,
                                                                 django_capture_on_commit_callbacks):
    from accounts.validators import password_rule_text

    client.force_login(staff["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("invite", firm), {"email": "ria.new@firm.example", "role": "viewer"})
    link = _link_from(mail.outbox[-1])
    client.logout()
    rule = password_rule_text()
    assert "At least 15 characters (12 with an authenticator app)" in rule
    page = client.get(link).content.decode()
    assert rule in page and "At least 12 characters." not in page
    # fourteen characters: refused here with the same words as on set-password
    bad = client.post(link, {"first_name": "Ria", "last_name": "New", "username": "ria.new",
                             "password1": "fourteen chars", "password2": "fourteen chars"})
    assert bad.status_code == 400 and "at least 15 characters" in bad.content.decode()


def test_saving_a_card_reads_the_settings_row_once_and_locks_it(as_user, staff, firm):
    """Issue 16: the settings row was read three times per save (view, get_or_create, lock)."""
    client = as_user(staff["compliance"])
    url = _url("settings_group", firm, group="iar_ce_fee")
    current = "on" if selectors.settings_for(firm=firm).iar_ce_fee_opt_in else "off"
    assert client.post(url, {"iar_ce_fee-iar_ce_fee_opt_in": current}).status_code == 302  # the row exists now
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(url, {"iar_ce_fee-iar_ce_fee_opt_in": current}).status_code == 302
    reads = [q["sql"] for q in ctx.captured_queries if 'FROM "firmsettings_firmsettings"' in q["sql"]]
    assert len(reads) == 1 and "FOR UPDATE" in reads[0], reads
    assert not [q for q in ctx.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]  # nothing changed
    new = "off" if current == "on" else "on"
    assert client.post(url, {"iar_ce_fee-iar_ce_fee_opt_in": new}).status_code == 302
    assert selectors.settings_for(firm=type(firm).objects.get(pk=firm.pk)).iar_ce_fee_opt_in is (new == "on")
