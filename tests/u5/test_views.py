"""Form U5 pages: the firm files (after re-authentication) for a person currently associated
and only them, sees the list with deadlines and late filings, amends and downloads the PDF; the
person reads their own filings and PDFs, another person's is a 404. Query counts stay flat."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from crd.models import Association
from tests import factories
from tests.conftest import PASSWORD
from u5.models import Filing

from .conftest import file_full

pytestmark = pytest.mark.django_db


def _signed_in(client, user):
    user.set_password(PASSWORD)
    user.save()
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def _form(**overrides):
    data = {"kind": "full", "address_line1": "12 Elm St", "city": "Hoboken", "state": "nj", "postal_code": "07030",
            "country": "US", "termination_date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
            "reason": "voluntary", "reason_explanation": "", "acknowledgment_name": "Casey Compliance",
            "acknowledge": "on"}
    data.update({f"q7{c}": "no" for c in "ABCDEF"})
    data.update(overrides)
    return data


def test_the_firm_files_a_full_u5_for_an_associated_person(client, firm, person, compliance):
    _signed_in(client, compliance)
    url = reverse("firm:u5_create", kwargs={"crd_number": firm.crd_number})
    response = client.post(url, {"crd_number": person.individual.crd_number})
    file_url = reverse("firm:u5_file", kwargs={"crd_number": firm.crd_number,
                                               "person_crd_number": person.individual.crd_number})
    assert response.status_code == 302 and response["Location"] == file_url
    page = client.get(file_url)
    assert page.status_code == 200 and "Riley Rep" in page.content.decode()
    response = client.post(file_url, _form())
    filing = Filing.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/u5/{filing.pk}/")
    assert filing.state == "NJ" and Association.objects.get(individual=person.individual).end_date
    detail = client.get(response["Location"]).content.decode()
    assert "Form U5 #" in detail and "Download PDF" in detail


def test_a_person_not_associated_is_refused(client, firm, compliance):
    _signed_in(client, compliance)
    stranger = factories.IndividualFactory()
    response = client.post(reverse("firm:u5_create", kwargs={"crd_number": firm.crd_number}),
                           {"crd_number": stranger.crd_number})
    assert response.status_code == 400 and "not currently associated" in response.content.decode()
    assert client.get(reverse("firm:u5_file", kwargs={"crd_number": firm.crd_number,
                                                      "person_crd_number": stranger.crd_number})).status_code == 404


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_filed(client, firm, person, compliance):
    _signed_in(client, compliance)
    url = reverse("firm:u5_file", kwargs={"crd_number": firm.crd_number,
                                          "person_crd_number": person.individual.crd_number})
    response = client.post(url, _form(reason="discharged", q7C="yes", acknowledge=""))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Explain the termination" in body and "Describe the event you answered" in body
    assert "Nothing was filed" in body
    assert not Filing.objects.exists() and Association.objects.get(individual=person.individual).end_date is None


def test_filing_asks_to_confirm_the_password_first(client, firm, person, compliance):
    client.force_login(compliance)
    url = reverse("firm:u5_file", kwargs={"crd_number": firm.crd_number,
                                          "person_crd_number": person.individual.crd_number})
    response = client.get(url)
    assert response.status_code == 302 and "/reauthenticate/" in response["Location"]


def test_the_list_shows_deadlines_and_late_filings_in_flat_queries(client, firm, person, compliance):
    file_full(firm, person, compliance, on=timezone.localdate() - dt.timedelta(days=40))
    client.force_login(compliance)
    url = reverse("firm:u5_list", kwargs={"crd_number": firm.crd_number})
    body = client.get(url).content.decode()
    assert "Late" in body and (timezone.localdate() - dt.timedelta(days=10)).strftime("%m/%d/%Y") in body
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
        for _ in range(5):
            factories.U5FilingFactory(firm=firm)
    assert counts[0] == counts[1]


def test_the_firm_amends_and_downloads_the_pdf(client, firm, person, compliance):
    filing = file_full(firm, person, compliance)
    _signed_in(client, compliance)
    url = reverse("firm:u5_amend", kwargs={"crd_number": firm.crd_number, "pk": filing.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, _form(city="Newark", kind=""))
    amendment = Filing.objects.get(kind="amendment")
    assert response.status_code == 302 and amendment.city == "Newark" and amendment.amends == filing
    pdf = client.get(reverse("firm:u5_pdf", kwargs={"crd_number": firm.crd_number, "pk": amendment.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    import io

    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Amendment" in text and "Newark" in text


def test_the_person_reads_their_filings_and_pdf_and_not_another_persons(client, firm, person, compliance):
    filing = file_full(firm, person, compliance)
    other = factories.U5FilingFactory()
    client.force_login(person)
    body = client.get(reverse("u5:overview")).content.decode()
    assert firm.name in body and "Keep your residential address current" in body
    assert client.get(reverse("u5:detail", args=[filing.pk])).status_code == 200
    pdf = client.get(reverse("u5:pdf", args=[filing.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("u5:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("u5:pdf", args=[other.pk])).status_code == 404


def test_the_person_gets_tasks_for_the_new_u5_and_the_address(client, firm, person, compliance):
    from portal import tasklist

    file_full(firm, person, compliance)
    person.refresh_from_db()
    titles = [task.title for task, _ in tasklist.tasks_for(person)]
    assert f"Read the new Form U5 from {firm.name}" in titles
    assert "Keep your residential address current" in titles


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(reverse("u5:overview"))["Location"].startswith(reverse("account_login"))
