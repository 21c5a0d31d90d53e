"""Memberships, invitations and the Flex Funding ledger: every rule and every refusal."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from firmsettings import selectors, services
from firmsettings.choices import MembershipRole
from firmsettings.models import FirmInvitation, FirmMembership, FirmSettingChange, FlexFundingEntry
from tests.factories import IndividualFactory, UserFactory

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _token_from_last_email() -> str:
    return re.search(r"/firm/invitations/([^/\s]+)/", mail.outbox[-1].body).group(1)


# --- memberships ---------------------------------------------------------------------------


def test_membership_change_role_refuses_the_last_admin(firm, staff):
    admin = FirmMembership.objects.get(firm=firm, user=staff["admin"])
    with pytest.raises(ValidationError, match="last admin"):
        services.membership_change_role(membership=admin, role=MembershipRole.COMPLIANCE, changed_by=staff["admin"])
    admin.refresh_from_db()
    assert admin.role == MembershipRole.ADMIN
    assert not FirmSettingChange.objects.filter(firm=firm).exists()


def test_membership_change_role_allows_downgrade_when_another_admin_exists(firm, staff):
    promoted = FirmMembership.objects.get(firm=firm, user=staff["compliance"])
    services.membership_change_role(membership=promoted, role=MembershipRole.ADMIN, changed_by=staff["admin"])
    first = FirmMembership.objects.get(firm=firm, user=staff["admin"])
    services.membership_change_role(membership=first, role=MembershipRole.VIEWER, changed_by=staff["admin"])
    first.refresh_from_db()
    assert first.role == MembershipRole.VIEWER
    history = list(FirmSettingChange.objects.filter(firm=firm).order_by("id").values_list(
        "setting", "old_value", "new_value"))
    assert history == [("member:compliance.staff", "Compliance", "Admin"), ("member:admin.staff", "Admin", "Viewer")]


def test_membership_remove_refuses_the_last_admin(firm, staff):
    admin = FirmMembership.objects.get(firm=firm, user=staff["admin"])
    with pytest.raises(ValidationError, match="last admin"):
        services.membership_remove(membership=admin, removed_by=staff["admin"])
    assert FirmMembership.objects.filter(pk=admin.pk).exists()


def test_membership_remove_a_viewer(firm, staff):
    viewer = FirmMembership.objects.get(firm=firm, user=staff["viewer"])
    services.membership_remove(membership=viewer, removed_by=staff["admin"])
    assert not FirmMembership.objects.filter(pk=viewer.pk).exists()
    assert FirmSettingChange.objects.get(firm=firm).new_value == "(removed)"


def test_membership_create_refuses_a_second_membership_in_the_same_firm(firm, staff):
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_create(firm=firm, user=staff["viewer"], role=MembershipRole.ADMIN)


def test_an_admin_of_one_firm_is_not_counted_for_another(firm, staff, other_firm, outsider):
    MembershipFactory(firm=other_firm, user=staff["admin"], role=MembershipRole.ADMIN)
    lone = FirmMembership.objects.get(firm=other_firm, user=outsider)
    services.membership_change_role(membership=lone, role=MembershipRole.VIEWER, changed_by=outsider)
    mine = FirmMembership.objects.get(firm=firm, user=staff["admin"])
    with pytest.raises(ValidationError, match="last admin"):
        services.membership_change_role(membership=mine, role=MembershipRole.VIEWER, changed_by=staff["admin"])


# --- invitations ---------------------------------------------------------------------------


def test_invitation_send_emails_a_single_use_link_and_stores_only_its_hash(
    firm, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.invitation_send(firm=firm, email="new.person@firm.example", role=MembershipRole.COMPLIANCE,
                                        invited_by=staff["admin"])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@firm.example"]
    assert firm.name in message.subject
    token = _token_from_last_email()
    assert token == sent.token
    row = FirmInvitation.objects.get()
    assert row.token_hash != token and token not in row.token_hash
    assert row.expires_at - row.created_at == dt.timedelta(days=7)


def test_invitation_accept_attaches_an_existing_account_once(firm, staff):
    sent = services.invitation_send(firm=firm, email="casey@mail.example", role=MembershipRole.COMPLIANCE,
                                    invited_by=staff["admin"])
    someone = UserFactory(username="casey.c", email="casey@mail.example")
    membership = services.invitation_accept(token=sent.token, user=someone)
    assert membership.firm == firm and membership.role == MembershipRole.COMPLIANCE
    with pytest.raises(ValidationError, match="already been used"):
        services.invitation_accept(token=sent.token, user=UserFactory())
    assert FirmMembership.objects.filter(firm=firm).count() == 4


def test_invitation_accept_refuses_an_expired_link(firm, staff):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        sent = services.invitation_send(firm=firm, email="late@mail.example", role=MembershipRole.VIEWER,
                                        invited_by=staff["admin"])
    with time_machine.travel(dt.datetime(2026, 3, 8, 11, 59, tzinfo=dt.UTC), tick=False):
        assert selectors.invitation_by_token(token=sent.token).status == "pending"
    with (time_machine.travel(dt.datetime(2026, 3, 8, 12, 1, tzinfo=dt.UTC), tick=False),
          pytest.raises(ValidationError, match="expired")):
        services.invitation_accept(token=sent.token, user=UserFactory())
    assert not FirmMembership.objects.filter(firm=firm, role=MembershipRole.VIEWER).exclude(
        user=staff["viewer"]).exists()


def test_invitation_accept_refuses_unknown_and_revoked_links(firm, staff):
    with pytest.raises(ValidationError, match="not valid"):
        services.invitation_accept(token="made-up-token", user=UserFactory())
    sent = services.invitation_send(firm=firm, email="x@mail.example", role=MembershipRole.VIEWER,
                                    invited_by=staff["admin"])
    services.invitation_revoke(invitation=sent.invitation, revoked_by=staff["admin"])
    with pytest.raises(ValidationError, match="not valid"):
        services.invitation_accept(token=sent.token, user=UserFactory())


def test_inviting_the_same_address_again_revokes_the_earlier_link(firm, staff):
    first = services.invitation_send(firm=firm, email="twice@mail.example", role=MembershipRole.VIEWER,
                                     invited_by=staff["admin"])
    second = services.invitation_send(firm=firm, email="TWICE@mail.example", role=MembershipRole.COMPLIANCE,
                                      invited_by=staff["admin"])
    with pytest.raises(ValidationError):
        services.invitation_accept(token=first.token, user=UserFactory())
    invited = UserFactory(email="twice@mail.example")
    assert services.invitation_accept(token=second.token, user=invited).role == MembershipRole.COMPLIANCE


def test_invitation_send_refuses_someone_already_a_member(firm, staff):
    with pytest.raises(ValidationError) as exc:
        services.invitation_send(firm=firm, email=staff["viewer"].email.upper(), role=MembershipRole.ADMIN,
                                 invited_by=staff["admin"])
    assert "email" in exc.value.message_dict
    assert mail.outbox == []


def test_invitation_accept_new_account_creates_a_staff_user_without_a_crd_record(firm, staff):
    sent = services.invitation_send(firm=firm, email="fresh@mail.example", role=MembershipRole.VIEWER,
                                    invited_by=staff["admin"])
    membership = services.invitation_accept_new_account(
        token=sent.token, username="fresh.staff", password="a long and unusual passphrase",
        first_name="Fresh", last_name="Staff")
    user = membership.user
    assert user.email == "fresh@mail.example" and user.individual is None
    assert user.check_password("a long and unusual passphrase")
    assert membership.firm == firm


def test_invitation_accept_new_account_refuses_weak_password_and_taken_user_id(firm, staff):
    sent = services.invitation_send(firm=firm, email="fresh@mail.example", role=MembershipRole.VIEWER,
                                    invited_by=staff["admin"])
    with pytest.raises(ValidationError) as exc:
        services.invitation_accept_new_account(token=sent.token, username="fresh.staff", password="short",
                                               first_name="F", last_name="S")
    assert "password" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.invitation_accept_new_account(token=sent.token, username="ADMIN.staff",
                                               password="a long and unusual passphrase", first_name="F", last_name="S")
    assert "username" in exc.value.message_dict
    assert selectors.invitation_by_token(token=sent.token).status == "pending"


# --- Flex Funding --------------------------------------------------------------------------


def test_flex_funding_balance_is_the_sum_of_the_ledger(firm, staff, superuser):
    assert selectors.flex_funding_balance_cents(firm=firm) == 0
    services.flex_funding_deposit(firm=firm, amount_cents=50_000, memo="Wire", recorded_by=superuser)
    services.flex_funding_deposit(firm=firm, amount_cents=1_234, recorded_by=superuser)
    assert selectors.flex_funding_balance_cents(firm=firm) == 51_234


@pytest.mark.parametrize("amount", [0, -500, 12.5])
def test_flex_funding_deposit_refuses_non_positive_or_fractional_amounts(firm, superuser, amount):
    with pytest.raises(ValidationError):
        services.flex_funding_deposit(firm=firm, amount_cents=amount, recorded_by=superuser)
    assert not FlexFundingEntry.objects.exists()


def test_the_ledger_refuses_a_negative_deposit_at_the_database(firm):
    with pytest.raises(IntegrityError), transaction.atomic():
        FlexFundingEntry.objects.create(firm=firm, kind="deposit", amount_cents=-100)


def test_iar_ce_fee_charge_needs_opt_in_and_enough_balance(firm, staff, superuser):
    rep = IndividualFactory()
    with pytest.raises(ValidationError, match="does not pay"):
        services.flex_funding_charge_iar_ce_fee(firm=firm, individual=rep)
    services.firm_settings_update(firm=firm, changed_by=staff["admin"], changes={"iar_ce_fee_opt_in": True})
    with pytest.raises(ValidationError, match="too low"):
        services.flex_funding_charge_iar_ce_fee(firm=firm, individual=rep)
    services.flex_funding_deposit(firm=firm, amount_cents=2_000, recorded_by=superuser)
    entry = services.flex_funding_charge_iar_ce_fee(firm=firm, individual=rep)
    assert entry.amount_cents == -1_800
    assert selectors.flex_funding_balance_cents(firm=firm) == 200
