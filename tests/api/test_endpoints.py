"""What each operation returns, scoped to the key's firm, with flat query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AssociationFactory,
    FilingFactory,
    NotificationFactory,
    RegistrationFactory,
    UserFactory,
    WebhookEndpointFactory,
)

pytestmark = pytest.mark.django_db


def test_roster_lists_the_firms_people_with_their_registrations(api, person, outsider_person):
    body = api("/api/v1/people").json()
    assert body["count"] == 1 and body["limit"] == 50 and body["offset"] == 0
    (row,) = body["items"]
    assert row["crd_number"] == person.crd_number
    assert row["last_name"] == person.last_name
    assert row["association_kind"] == "employee"
    assert row["registrations"] == [{"category": row["registrations"][0]["category"], "regulator": "FINRA",
                                     "status": "approved"}]
    assert row["attestation_status"] == "off" and row["ce_status"] == "current"
    assert "ssn" not in str(row).lower() and "date_of_birth" not in row


def test_roster_is_paged(api, firm, person):
    for _ in range(4):
        AssociationFactory(firm=firm)
    body = api("/api/v1/people?limit=2&offset=4").json()
    assert body["count"] == 5 and len(body["items"]) == 1


def _queries(call):
    with CaptureQueriesContext(connection) as captured:
        assert call().status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/api/v1/people", "/api/v1/u4-filings", "/api/v1/notifications",
                                  "/api/v1/webhook-endpoints"])
def test_list_query_counts_do_not_grow_with_rows(api, firm, path):
    def grow(n):
        for _ in range(n):
            a = AssociationFactory(firm=firm)
            RegistrationFactory(individual=a.individual, firm=firm)
            FilingFactory(firm=firm, individual=a.individual)
            NotificationFactory(firm=firm, individual=a.individual)
            WebhookEndpointFactory(firm=firm)

    grow(2)
    api(path)  # the first request stamps the key's last use; measure after it
    small = _queries(lambda: api(path))
    grow(20)
    assert _queries(lambda: api(path)) == small


def test_person_record_summary_and_another_firms_person_is_404(api, person, outsider_person, filing):
    UserFactory(individual=person)
    body = api(f"/api/v1/people/{person.crd_number}").json()
    assert body["crd_number"] == person.crd_number
    assert body["has_finpro_account"] is True
    assert body["u4_filings"] == 1
    assert body["attestation_status_label"] == "Attestation off"
    response = api(f"/api/v1/people/{outsider_person.crd_number}")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert api(f"/api/v1/people/{outsider_person.crd_number}/ce").status_code == 404


def test_ce_status_without_a_plan(api, person):
    body = api(f"/api/v1/people/{person.crd_number}/ce").json()
    assert body["crd_number"] == person.crd_number
    assert body["regulatory_element"] is None and body["ce_inactive"] is False


def test_u4_filings_with_status_filter_and_another_firms_filing_is_404(api, filing, other_firm, outsider_person):
    foreign = FilingFactory(firm=other_firm, individual=outsider_person)
    body = api("/api/v1/u4-filings").json()
    assert [f["id"] for f in body["items"]] == [filing.pk]
    assert body["items"][0]["status"] == "draft" and body["items"][0]["status_label"] == "Draft"
    assert api("/api/v1/u4-filings?status=submitted").json()["count"] == 0
    assert api(f"/api/v1/u4-filings?crd_number={filing.individual.crd_number}").json()["count"] == 1
    assert api(f"/api/v1/u4-filings/{filing.pk}").json()["id"] == filing.pk
    assert api(f"/api/v1/u4-filings/{foreign.pk}").status_code == 404


def test_notifications_show_a_masked_address_and_no_body(api, notification, other_firm):
    NotificationFactory(firm=other_firm, address="elsewhere@mail.example")
    (row,) = api("/api/v1/notifications").json()["items"]
    assert row["address"] == "j•••@mail.example"
    assert row["kind"] == "test_message" and row["crd_number"] == notification.individual.crd_number
    assert "Hello." not in str(row)


def test_openapi_document_and_docs_page_are_served_without_a_cdn(client):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200 and document.json()["openapi"].startswith("3.")
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "GET /api/v1/people/{crd_number}" in html and "roster:read" in html
    assert "cdn" not in html.lower() and "unpkg" not in html and "jsdelivr" not in html
    assert client.get("/api/v1/docs").status_code in (301, 404)  # ninja's CDN-backed Swagger UI is off
