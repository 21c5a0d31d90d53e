"""Factories for the record tests: attestations and firm settings."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from crd.choices import AssociationKind, AttestationAnswer
from crd.models import Attestation
from firmsettings.models import FirmSettings
from tests.factories import FirmFactory, IndividualFactory


class FirmSettingsFactory(DjangoModelFactory):
    class Meta:
        model = FirmSettings
        django_get_or_create = ("firm",)

    firm = factory.SubFactory(FirmFactory)


class AttestationFactory(DjangoModelFactory):
    class Meta:
        model = Attestation

    individual = factory.SubFactory(IndividualFactory)
    firm = factory.SubFactory(FirmFactory)
    association_kind = AssociationKind.EMPLOYEE
    answer = AttestationAnswer.CORRECT
    attested_at = factory.LazyFunction(timezone.now)
