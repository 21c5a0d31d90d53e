"""api.demo.seed: Summit Ridge's demo webhook endpoint with a delivered and a failed delivery;
no API key; a second run adds nothing."""

import pytest
from django.utils import timezone

from api import demo
from api.models import ApiKey, WebhookDelivery, WebhookEndpoint
from tests.factories import FirmFactory, VerifiedRepFactory

pytestmark = pytest.mark.django_db


class StandInDemo:
    def __init__(self):
        self.today = timezone.localdate()
        self.firms = {"summit": FirmFactory(crd_number=104001, name="Summit Ridge Securities")}
        self.users = {"compliance": VerifiedRepFactory(username="casey.compliance")}


def test_demo_endpoint_with_its_log_and_no_key_twice_over():
    stand_in = StandInDemo()
    demo.seed(stand_in)
    demo.seed(stand_in)
    (endpoint,) = WebhookEndpoint.objects.all()
    assert endpoint.firm.crd_number == 104001 and endpoint.url == demo.DEMO_URL
    assert endpoint.secret.startswith("whsec_")
    codes = sorted(WebhookDelivery.objects.values_list("response_code", flat=True))
    assert codes == [200, 503]
    assert not ApiKey.objects.exists()
