import factory
from factory.django import DjangoModelFactory

from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership
from tests.factories import FirmFactory, UserFactory


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = FirmMembership

    user = factory.SubFactory(UserFactory)
    firm = factory.SubFactory(FirmFactory)
    role = MembershipRole.VIEWER


def with_mfa(user):
    """Turn on TOTP two-step verification (firm admins without a CRD record need it)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user
