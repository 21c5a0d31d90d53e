"""Least privilege and separation of duties for support staff: crafted admin POSTs of forbidden
fields change nothing, and the services refuse the same moves on their own."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from firmsettings import services as firm_services
from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership, FlexFundingEntry
from identity import services as identity_services
from identity.models import Lockout
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _staff(group):
    user = factories.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def agent(db):
    return _staff("Support agent")


@pytest.fixture
def support_admin(db):
    return _staff("Support admin")


@pytest.fixture(params=["agent", "support_admin"])
def desk(request, agent, support_admin):
    return {"agent": agent, "support_admin": support_admin}[request.param]


def _user_form(user, **changes):
    data = {"username": user.username, "first_name": user.first_name, "last_name": user.last_name,
            "email": user.email, "is_active": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _fresh(user):
    return User.objects.get(pk=user.pk)


def test_support_staff_cannot_make_themselves_superuser(client, desk):
    client.force_login(desk)
    response = client.post(f"/admin/accounts/user/{desk.pk}/change/",
                           _user_form(desk, is_staff="on", is_superuser="on",
                                      groups=[g.pk for g in Group.objects.all()],
                                      user_permissions=list(Permission.objects.values_list("pk", flat=True)[:5])))
    assert response.status_code == 403
    me = _fresh(desk)
    assert not me.is_superuser
    assert list(me.groups.values_list("name", flat=True)) == list(desk.groups.values_list("name", flat=True))
    assert not me.user_permissions.exists()


def test_support_staff_cannot_link_their_account_to_a_crd_person(client, desk, individual):
    client.force_login(desk)
    response = client.post(f"/admin/accounts/user/{desk.pk}/change/",
                           _user_form(desk, is_staff="on", individual=individual.pk))
    assert response.status_code == 403
    assert _fresh(desk).individual_id is None


@pytest.mark.parametrize("target", ["superuser", "rep", "self"])
def test_support_staff_cannot_set_anyones_password(client, desk, superuser, rep, target):
    person = {"superuser": superuser, "rep": rep, "self": desk}[target]
    client.force_login(desk)
    url = f"/admin/accounts/user/{person.pk}/password/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "a brand new passphrase 42", "password2": "a brand new passphrase 42",
                                 "usable_password": "true"})
    assert response.status_code == 403
    assert _fresh(person).check_password(PASSWORD)


def test_support_staff_cannot_edit_another_staff_member_or_a_rep(client, desk, superuser, rep):
    client.force_login(desk)
    for person in (superuser, rep):
        response = client.post(f"/admin/accounts/user/{person.pk}/change/",
                               _user_form(person, email="attacker@mail.example", is_staff="on"))
        assert response.status_code == 403
        assert _fresh(person).email == person.email
    assert not _fresh(rep).is_staff


def test_support_staff_cannot_add_or_delete_users(client, desk, rep):
    client.force_login(desk)
    before = User.objects.count()
    response = client.post("/admin/accounts/user/add/", {"username": "sneaky.staff", "usable_password": "true",
                                                          "password1": "a brand new passphrase 42",
                                                          "password2": "a brand new passphrase 42"})
    assert response.status_code == 403
    assert client.post(f"/admin/accounts/user/{rep.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post("/admin/accounts/user/", {"action": "delete_selected", "_selected_action": [rep.pk],
                                                      "post": "yes"})
    assert User.objects.count() == before
    assert not User.objects.filter(username="sneaky.staff").exists()


def test_a_superuser_cannot_link_a_staff_account_to_a_crd_person(client, superuser, agent, individual):
    client.force_login(superuser)
    response = client.post(f"/admin/accounts/user/{agent.pk}/change/",
                           _user_form(agent, is_staff="on", individual=individual.pk,
                                      groups=[Group.objects.get(name="Support agent").pk]))
    assert response.status_code == 200
    assert "A staff account cannot be linked to a person in CRD" in response.content.decode()
    assert _fresh(agent).individual_id is None
    # and the other way round: a rep's account does not become staff
    rep = factories.VerifiedRepFactory()
    response = client.post(f"/admin/accounts/user/{rep.pk}/change/",
                           _user_form(rep, is_staff="on", individual=rep.individual_id))
    assert "A staff account cannot be linked to a person in CRD" in response.content.decode()
    assert not _fresh(rep).is_staff


def test_a_superuser_still_manages_staff(client, superuser, agent):
    client.force_login(superuser)
    response = client.post(f"/admin/accounts/user/{agent.pk}/change/",
                           _user_form(agent, is_staff="on", groups=[Group.objects.get(name="Support admin").pk]))
    assert response.status_code == 302
    assert list(_fresh(agent).groups.values_list("name", flat=True)) == ["Support admin"]


def test_user_admin_save_refuses_anyone_but_a_superuser(agent, support_admin, rep):
    rep.is_superuser = True
    for by in (agent, support_admin):
        with pytest.raises(PermissionDenied):
            account_services.user_admin_save(user=rep, by=by)
    assert not _fresh(rep).is_superuser


def _locked_rep():
    rep = factories.VerifiedRepFactory(failed_sign_ins=50, password_disabled_at=timezone.now())
    return rep


def test_unlock_action_for_a_rep_but_never_oneself_nor_another_staff_member(client, desk, superuser):
    rep = _locked_rep()
    desk.failed_sign_ins, desk.password_disabled_at = 50, timezone.now()
    desk.save()
    superuser.password_disabled_at = timezone.now()
    superuser.save()
    client.force_login(desk)
    response = client.post("/admin/accounts/user/", {"action": "unlock",
                                                      "_selected_action": [rep.pk, desk.pk, superuser.pk]},
                           follow=True)
    body = response.content.decode()
    assert "Unlocked 1 user(s)." in body
    assert "You cannot do this for your own account" in body and "Only a superuser can act on a staff account" in body
    assert _fresh(rep).password_disabled_at is None
    assert _fresh(desk).password_disabled_at is not None and _fresh(superuser).password_disabled_at is not None


def test_account_unlock_service_refuses_oneself(agent):
    agent.password_disabled_at = timezone.now()
    agent.save()
    with pytest.raises(PermissionDenied, match="your own account"):
        account_services.account_unlock(user=agent, by=agent)
    assert _fresh(agent).password_disabled_at is not None


def test_resend_activation_sends_a_fresh_link_only_to_an_account_without_password(
        client, desk, rep, django_capture_on_commit_callbacks):
    waiting = factories.UserFactory(email="waiting@mail.example", security_questions=False)
    waiting.set_unusable_password()
    waiting.save()
    client.force_login(desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/accounts/user/", {"action": "resend_activation",
                                                          "_selected_action": [waiting.pk, rep.pk]}, follow=True)
    body = response.content.decode()
    assert "Sent a new activation email to 1 user(s)." in body
    assert "already has a password" in body
    assert [m.to for m in mail.outbox] == [["waiting@mail.example"]]


def test_nobody_verifies_their_own_identity(superuser):
    me = factories.VerifiedRepFactory(is_staff=True, is_superuser=True, identity_verified_at=None)
    with pytest.raises(PermissionDenied, match="your own account"):
        identity_services.identity_verify_manually(user=me, by=me, reason="It is me", call_reference="CALL-1")
    assert _fresh(me).identity_verified_at is None


def test_manual_verification_needs_a_call_reference(agent):
    person = factories.VerifiedRepFactory(identity_verified_at=None)
    with pytest.raises(ValidationError) as exc:
        identity_services.identity_verify_manually(user=person, by=agent, reason="Called in", call_reference=" ")
    assert "call_reference" in exc.value.message_dict
    assert _fresh(person).identity_verified_at is None


def test_agent_cannot_verify_a_staff_account(agent, support_admin):
    support_admin.individual = factories.IndividualFactory()  # as if linked before this rule
    support_admin.save()
    with pytest.raises(PermissionDenied, match="staff account"):
        identity_services.identity_verify_manually(user=support_admin, by=agent, reason="x", call_reference="C-1")


def test_nobody_clears_their_own_lockout(client, superuser):
    me = factories.VerifiedRepFactory(is_staff=True, is_superuser=True)
    lock = Lockout.objects.create(scope="user", user=me, fingerprint="x", reason="r",
                                  until=timezone.now() + timezone.timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        identity_services.lockouts_clear_for(user=me, by=me, reason="mine")
    with pytest.raises(PermissionDenied):
        identity_services.lockout_clear(lockout=lock, by=me, reason="mine")
    client.force_login(me)
    client.post("/admin/identity/lockout/", {"action": "clear_selected", "_selected_action": [lock.pk]})
    lock.refresh_from_db()
    assert lock.cleared_at is None
    identity_services.lockout_clear(lockout=lock, by=superuser, reason="Checked on a call")
    lock.refresh_from_db()
    assert lock.cleared_by == superuser


def test_support_admin_cannot_give_themselves_or_other_staff_a_firm_membership(client, support_admin, agent, firm):
    client.force_login(support_admin)
    for person in (support_admin, agent):
        client.post("/admin/firmsettings/firmmembership/add/", {"firm": firm.pk, "user": person.pk, "role": "admin"})
        with pytest.raises(PermissionDenied):
            firm_services.membership_create(firm=firm, user=person, role=MembershipRole.ADMIN,
                                            created_by=support_admin)
    assert not FirmMembership.objects.filter(firm=firm).exists()
    rep = factories.VerifiedRepFactory()
    response = client.post("/admin/firmsettings/firmmembership/add/", {"firm": firm.pk, "user": rep.pk,
                                                                        "role": "admin"})
    assert response.status_code == 302
    assert FirmMembership.objects.get(firm=firm).user == rep


def test_only_support_admins_record_flex_funding_deposits(agent, support_admin, firm):
    with pytest.raises(PermissionDenied):
        firm_services.flex_funding_deposit(firm=firm, amount_cents=1_000, recorded_by=agent)
    assert not FlexFundingEntry.objects.exists()
    firm_services.flex_funding_deposit(firm=firm, amount_cents=1_000, recorded_by=support_admin)
    assert FlexFundingEntry.objects.get().recorded_by == support_admin
