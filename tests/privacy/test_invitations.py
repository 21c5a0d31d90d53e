"""A firm invitation is bound to the invited address: only an account whose confirmed email is
that address accepts it (or a new account made for it through the link); anyone else is
refused, nothing changes, and the inviter is told."""

import pytest
from django.core import mail
from django.urls import reverse

from firmsettings import services
from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_invite(firm, django_capture_on_commit_callbacks):
    inviter = factories.UserFactory(username="firm.admin", email="firm.admin@mail.example")
    factories.FirmMembershipFactory(firm=firm, user=inviter, role=MembershipRole.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.invitation_send(firm=firm, email="New.Admin@mail.example", role=MembershipRole.ADMIN,
                                        invited_by=inviter)
    mail.outbox.clear()
    return sent


def _url(sent):
    return reverse("firm:invitation", kwargs={"token": sent.token})


def test_someone_else_signed_in_is_refused_and_the_inviter_told_once(client, firm, admin_invite,
                                                                     django_capture_on_commit_callbacks):
    stranger = factories.VerifiedRepFactory(username="stranger", email="stranger@mail.example")
    client.force_login(stranger)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(_url(admin_invite)).content.decode()  # opening the link is enough to tell
    assert "This invitation is for another email address" in page and "Accept invitation" not in page
    assert [m.to for m in mail.outbox] == [["firm.admin@mail.example"]]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_url(admin_invite), follow=True)
        assert "This invitation was sent to another email address" in response.content.decode()
    assert not FirmMembership.objects.filter(firm=firm, user=stranger).exists()
    admin_invite.invitation.refresh_from_db()
    assert admin_invite.invitation.accepted_at is None  # still usable by the invited person
    [notice] = mail.outbox
    assert notice.to == ["firm.admin@mail.example"]
    assert "stranger" in notice.body and "New.Admin@mail.example" in notice.body and "nobody joined" in notice.body


def test_the_account_of_the_invited_address_accepts(client, firm, admin_invite):
    invited = factories.VerifiedRepFactory(email="new.admin@mail.example")  # case does not matter
    client.force_login(invited)
    assert "Accept invitation" in client.get(_url(admin_invite)).content.decode()
    response = client.post(_url(admin_invite))
    assert response.status_code == 302
    assert FirmMembership.objects.get(firm=firm, user=invited).role == MembershipRole.ADMIN


def test_an_account_that_never_proved_the_address_is_refused(firm, admin_invite):
    unproved = factories.UserFactory(email="new.admin@mail.example")
    unproved.set_unusable_password()  # never followed its activation link
    unproved.save()
    with pytest.raises(services.InvitationError, match="another email address"):
        services.invitation_accept(token=admin_invite.token, user=unproved)
    assert not FirmMembership.objects.filter(firm=firm, user=unproved).exists()


def test_a_new_account_made_through_the_link_gets_the_invited_address(client, firm, admin_invite):
    response = client.post(_url(admin_invite), {
        "username": "new.admin", "first_name": "Nia", "last_name": "Admin",
        "password1": "a long enough passphrase 99", "password2": "a long enough passphrase 99"})
    assert response.status_code == 302
    member = FirmMembership.objects.get(firm=firm, role=MembershipRole.ADMIN, user__username="new.admin")
    assert member.user.email == "New.Admin@mail.example"
