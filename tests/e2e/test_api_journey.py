"""The firm API in Chromium, with axe: casey.compliance (Summit Ridge's admin) creates an API
key, sees it once, registers a webhook endpoint (a bad URL is refused next to the field), then a
curl-like request with the key reads the roster and a firm event shows in the delivery log."""

import json
import urllib.request

import pytest
from django.db import transaction
from playwright.sync_api import expect

from finpro.events import FirmEvent, publish
from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership
from tests.api.receiver import start_receiver
from tests.factories import AssociationFactory, FirmFactory, IndividualFactory, VerifiedRepFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receiver():
    found, server = start_receiver()
    yield found
    server.shutdown()
    server.server_close()


def test_admin_creates_a_key_and_a_webhook_and_the_key_reads_the_roster(page, base_url, axe, sign_in, receiver):
    firm = FirmFactory(name="Summit Ridge Securities", crd_number=104001)
    dana = AssociationFactory(firm=firm, individual=IndividualFactory(first_name="Dana", last_name="Rep")).individual
    casey = VerifiedRepFactory(username="casey.compliance", first_name="Casey", last_name="Compliance",
                               individual=IndividualFactory(first_name="Casey", last_name="Compliance"))
    FirmMembership.objects.create(firm=firm, user=casey, role=MembershipRole.ADMIN)

    sign_in("casey.compliance")
    page.goto(f"{base_url}/firm/104001/")
    page.get_by_role("navigation", name="Firm section").get_by_role("link", name="API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API keys")
    axe("api-keys")

    # Nothing chosen: the errors sit next to their fields.
    page.get_by_role("button", name="Create key").click()
    expect(page.get_by_text("Choose at least one scope.")).to_be_visible()
    page.get_by_label("Key name").fill("HR system nightly sync")
    page.get_by_label("Read the roster and people's record summaries").check()
    page.get_by_label("Expires after").select_option(label="30 days")
    page.get_by_role("button", name="Create key").click()
    expect(page.get_by_role("heading", name="Your new key “HR system nightly sync”")).to_be_visible()
    key = page.get_by_label("API key", exact=True).input_value()
    assert key.startswith("fpk_")
    axe("api-key-shown-once")

    page.goto(f"{base_url}/firm/104001/api/")
    expect(page.get_by_role("heading", name="Your new key “HR system nightly sync”")).to_have_count(0)
    assert key not in page.content()
    expect(page.get_by_role("cell", name="Never")).to_be_visible()

    # curl -H "Authorization: Bearer $KEY" $SITE/api/v1/people
    request = urllib.request.Request(f"{base_url}/api/v1/people", headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = json.loads(response.read())
    assert [p["crd_number"] for p in body["items"]] == [dana.crd_number]
    page.goto(f"{base_url}/firm/104001/api/")
    expect(page.get_by_role("cell", name="Never")).to_have_count(0)  # last used is shown

    page.get_by_role("navigation", name="API").get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
    page.get_by_label("Endpoint URL").fill("ftp://hooks.summit-ridge.example/in")
    page.get_by_label("Form U4 signed").check()
    page.get_by_role("button", name="Add endpoint").click()
    expect(page.get_by_text("Enter an http:// or https:// URL.")).to_be_visible()
    axe("api-webhook-refused")
    page.get_by_label("Endpoint URL").fill(receiver.url)
    page.get_by_label("Description").fill("Compliance system")
    page.get_by_label("Form U4 signed").check()
    page.get_by_label("Attestation recorded").check()
    page.get_by_role("button", name="Add endpoint").click()
    secret = page.get_by_label(f"Signing secret for {receiver.url}").input_value()
    assert secret.startswith("whsec_")
    axe("api-webhook-secret-shown-once")

    with transaction.atomic():
        publish(firm_id=firm.pk, event=FirmEvent.U4_SIGNED, data={"filing_id": 1, "status": "signed"})
    assert len(receiver.received) == 1
    page.get_by_role("link", name=receiver.url).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhook endpoint")
    row = page.get_by_role("row").filter(has_text="u4.signed")
    expect(row.get_by_role("cell", name="200")).to_be_visible()
    expect(row).to_contain_text("Delivered")
    axe("api-webhook-log")

    page.get_by_role("link", name="API reference").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("FinPro firm API")
    axe("api-docs")
