import pytest

from tests.factories import AssociationFactory, FirmFactory, VerifiedRepFactory

from .factories import FirmSettingsFactory


@pytest.fixture
def summit(db):
    firm = FirmFactory(name="Summit Ridge Securities", crd_number=104001)
    FirmSettingsFactory(firm=firm, attestation_employees=True, attestation_contractors=False)
    return firm


@pytest.fixture
def employee(summit):
    """A verified rep employed at a firm that asks employees to attest."""
    user = VerifiedRepFactory(first_name="Dana", last_name="Rivera", individual__first_name="Dana",
                              individual__last_name="Rivera")
    AssociationFactory(individual=user.individual, firm=summit)
    return user


@pytest.fixture
def employee_client(client, employee):
    client.force_login(employee)
    return client
