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
