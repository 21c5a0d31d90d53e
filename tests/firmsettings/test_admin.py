"""Support staff in Django admin: the first admin of a firm, deposits through the action only."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from finpro.support_groups import ADMIN as SUPPORT_ADMIN
from firmsettings import selectors
from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership, FirmSettingChange, FlexFundingEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def support_admin(db):
    user = UserFactory(is_staff=True, username="support.lead")
    user.groups.add(Group.objects.get(name=SUPPORT_ADMIN))
    return user


def test_support_creates_a_firms_first_admin(client, support_admin, firm):
    person = UserFactory(username="first.admin")
    client.force_login(support_admin)
    response = client.post(reverse("admin:firmsettings_firmmembership_add"),
                           {"firm": firm.pk, "user": person.pk, "role": "admin"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert FirmMembership.objects.get(firm=firm, user=person).role == MembershipRole.ADMIN
    change = FirmSettingChange.objects.get(firm=firm)
    assert change.changed_by == support_admin and change.new_value == "Admin"


def test_support_cannot_downgrade_or_delete_the_last_admin(client, support_admin, firm):
    admin_member = FirmMembership.objects.create(firm=firm, user=UserFactory(), role=MembershipRole.ADMIN)
    client.force_login(support_admin)
    url = reverse("admin:firmsettings_firmmembership_change", args=[admin_member.pk])
    response = client.post(url, {"role": "viewer"})
    assert response.status_code == 200
    assert "last admin cannot be given another role" in response.content.decode()
    admin_member.refresh_from_db()
    assert admin_member.role == MembershipRole.ADMIN
    assert client.get(reverse("admin:firmsettings_firmmembership_delete", args=[admin_member.pk])).status_code == 403


def test_support_admin_records_a_deposit_with_the_action(client, support_admin, firm):
    client.force_login(support_admin)
    url = reverse("admin:firmsettings_flexfundingaccount_changelist")
    form = client.post(url, {"action": "record_deposit", "_selected_action": [firm.pk]})
    assert form.status_code == 200 and "Amount (USD)" in form.content.decode()
    bad = client.post(url, {"action": "record_deposit", "_selected_action": [firm.pk], "apply": "1", "amount": "-5"})
    assert bad.status_code == 200 and not FlexFundingEntry.objects.exists()
    done = client.post(url, {"action": "record_deposit", "_selected_action": [firm.pk], "apply": "1",
                             "amount": "500.00", "memo": "Wire 42"})
    assert done.status_code == 302
    entry = FlexFundingEntry.objects.get()
    assert (entry.amount_cents, entry.memo, entry.recorded_by) == (50_000, "Wire 42", support_admin)
    assert selectors.flex_funding_balance_cents(firm=firm) == 50_000
    assert "$500.00" in client.get(url).content.decode()


def test_the_ledger_cannot_be_edited_in_admin(client, superuser, firm):
    entry = FlexFundingEntry.objects.create(firm=firm, kind="deposit", amount_cents=100)
    client.force_login(superuser)
    assert client.get(reverse("admin:firmsettings_flexfundingentry_add")).status_code == 403
    response = client.post(reverse("admin:firmsettings_flexfundingentry_change", args=[entry.pk]),
                           {"amount_cents": "999999"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.amount_cents == 100


def test_a_support_agent_cannot_record_deposits(client, staff_user, firm):
    client.force_login(staff_user)
    url = reverse("admin:firmsettings_flexfundingaccount_changelist")
    page = client.get(url)
    assert page.status_code == 200 and "Record a Flex Funding deposit" not in page.content.decode()
    client.post(url, {"action": "record_deposit", "_selected_action": [firm.pk], "apply": "1", "amount": "5"})
    assert not FlexFundingEntry.objects.exists()


def test_admin_lists_of_settings_history_and_invitations_open(client, superuser, firm):
    client.force_login(superuser)
    for name in ("firmsettings_firmsettings", "firmsettings_firmsettingchange", "firmsettings_firminvitation",
                 "firmsettings_flexfundingentry", "firmsettings_firmmembership"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
