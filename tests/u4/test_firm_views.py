"""The firm's Form U4 pages: what compliance staff see and do, errors next to fields, nothing
changed by a viewer, and a list whose query count does not grow with the filings."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from firmsettings.choices import MembershipRole
from tests import factories
from tests.firmsettings.factories import MembershipFactory
from u4 import services
from u4.choices import FilingStatus, Section
from u4.models import Filing
from u4.sections import content_as_data

from .conftest import complete_content

pytestmark = pytest.mark.django_db


def _url(name, firm, **kwargs):
    return reverse(f"firm:{name}", kwargs={"crd_number": firm.crd_number, **kwargs})


@pytest.fixture
def casey(client, compliance):
    client.force_login(compliance)
    return client


def test_the_list_shows_person_status_progress_and_open_sections(casey, firm, draft, compliance):
    services.filing_allow_rep_edits(filing=draft, sections=[Section.GENERAL, Section.OTHER_NAMES], user=compliance)
    body = casey.get(_url("u4_list", firm)).content.decode()
    assert "Riley Rep" in body and "With rep" in body
    assert "of 15 sections" in body and "1, 10" in body


def test_the_list_filters_by_status_and_searches_by_name_and_crd(casey, firm, draft, compliance):
    other = services.filing_create(firm=firm, user=compliance, first_name="Nova", last_name="Hire")
    assert "Nova Hire" not in casey.get(_url("u4_list", firm), {"q": "rep"}).content.decode()
    assert "Nova Hire" in casey.get(_url("u4_list", firm), {"q": "hire"}).content.decode()
    by_crd = casey.get(_url("u4_list", firm), {"q": str(draft.individual.crd_number)}).content.decode()
    assert "Riley Rep" in by_crd and "Nova Hire" not in by_crd
    services.filing_allow_rep_edits(filing=draft, sections=[Section.GENERAL], user=compliance)
    with_rep = casey.get(_url("u4_list", firm), {"status": "with_rep"}).content.decode()
    assert "Riley Rep" in with_rep and other.person_name not in with_rep


def test_the_list_costs_the_same_queries_for_2_and_12_filings(casey, firm):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert casey.get(_url("u4_list", firm)).status_code == 200
        return len(ctx.captured_queries)

    casey.get("/firm/")  # the first request of a session stamps last access; measure after it
    for _ in range(2):
        factories.FilingFactory(firm=firm)
    small = count()
    for _ in range(10):
        factories.FilingFactory(firm=firm)
    assert count() == small


def test_create_a_draft_for_a_person_in_crd_by_crd_number_or_ssn(casey, firm, compliance):
    person = factories.IndividualFactory(first_name="Morgan", last_name="Known", ssn="456789012")
    response = casey.post(_url("u4_create", firm), {"person": "existing", "crd_number": person.crd_number,
                                                    "association_kind": "employee"})
    filing = Filing.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("u4_detail", firm, pk=filing.pk)
    assert filing.individual == person and filing.section(Section.GENERAL)["last_name"] == "Known"
    other = factories.FirmFactory()
    MembershipFactory(firm=other, role=MembershipRole.COMPLIANCE, user=compliance)
    casey.post(_url("u4_create", other), {"person": "existing", "ssn": "456-78-9012",
                                                     "association_kind": "contractor"})
    assert Filing.objects.get(firm=other).individual == person


def test_create_refuses_an_unknown_crd_number_next_to_the_field(casey, firm):
    response = casey.post(_url("u4_create", firm), {"person": "existing", "crd_number": "9999999",
                                                    "association_kind": "employee"})
    assert response.status_code == 400
    assert "No person in CRD has this CRD# or SSN" in response.content.decode()
    assert 'id="id_crd_number_error"' in response.content.decode()
    assert not Filing.objects.exists()


def test_create_a_draft_for_a_new_person(casey, firm):
    response = casey.post(_url("u4_create", firm), {"person": "new", "first_name": "Nova", "last_name": "Hire",
                                                    "ssn": "234-56-7890", "association_kind": "employee"})
    assert response.status_code == 302
    page = casey.get(response["Location"]).content.decode()
    assert "Form U4 for Nova Hire" in page and "***-**-7890" in page and "234-56-7890" not in page


def test_edit_a_section_shows_errors_next_to_fields_and_saves_nothing(casey, firm, draft):
    url = _url("u4_section", firm, pk=draft.pk, section=Section.GENERAL)
    page = casey.get(url).content.decode()
    assert "First Name" in page and "Office of Employment Address" in page and "Firm Employment Date" in page
    data = {**content_as_data(Section.GENERAL, complete_content()[Section.GENERAL]), "version": "0",
            "general-office_postal_code": "NOPE"}
    response = casey.post(url, data)
    assert response.status_code == 400
    assert 'id="id_general-office_postal_code_error"' in response.content.decode()
    draft.refresh_from_db()
    assert "office_postal_code" not in draft.section(Section.GENERAL)


def test_edit_a_section_saves_and_returns_to_the_filing(casey, firm, draft):
    url = _url("u4_section", firm, pk=draft.pk, section=Section.FINGERPRINT)
    response = casey.post(url, {"fingerprint-fingerprint_status": "exempt", "version": "0"})
    assert response.status_code == 302
    page = casey.get(response["Location"]).content.decode()
    assert "2 Fingerprint Information saved." in page
    assert "I am exempt from the fingerprint requirement" in page


def test_a_rows_section_saves_its_rows(casey, firm, draft):
    url = _url("u4_section", firm, pk=draft.pk, section=Section.OTHER_NAMES)
    data = {"other_names-rows-TOTAL_FORMS": "2", "other_names-rows-INITIAL_FORMS": "0",
            "other_names-rows-0-other_name": "Jordan Maiden", "other_names-rows-1-other_name": "", "version": "0"}
    assert casey.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.section(Section.OTHER_NAMES) == {"rows": [{"other_name": "Jordan Maiden"}]}


def test_two_people_saving_one_section_the_second_sees_both_versions(casey, firm, draft, compliance):
    url = _url("u4_section", firm, pk=draft.pk, section=Section.FINGERPRINT)
    assert casey.post(url, {"fingerprint-fingerprint_status": "exempt", "version": "0"}).status_code == 302
    response = casey.post(url, {"fingerprint-fingerprint_status": "card_submitted", "version": "0"})
    body = response.content.decode()
    assert response.status_code == 409 and "This section changed since you opened it" in body
    assert "I am exempt from the fingerprint requirement" in body  # the saved version
    [mine] = re.findall(r"<input[^>]*card_submitted[^>]*>", body)  # the editor's own version, still chosen
    assert "checked" in mine
    assert 'name="version" value="1"' in body  # saving again overwrites knowingly


def test_a_viewer_reads_but_cannot_change(client, firm, draft):
    viewer = MembershipFactory(firm=firm, role=MembershipRole.VIEWER).user
    client.force_login(viewer)
    page = client.get(_url("u4_detail", firm, pk=draft.pk)).content.decode()
    assert "Riley Rep" in page and "Allow Rep Edits" not in page and ">Edit<" not in page
    response = client.post(_url("u4_section", firm, pk=draft.pk, section=Section.FINGERPRINT),
                           {"fingerprint-fingerprint_status": "exempt", "version": "0"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.section(Section.FINGERPRINT) == {}


def test_allow_and_withdraw_rep_edits(casey, firm, draft):
    response = casey.post(_url("u4_rep_edits", firm, pk=draft.pk), {"sections": ["general", "other_names"]})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == FilingStatus.WITH_REP
    assert "2 sections opened to Riley Rep" in casey.get(response["Location"]).content.decode()
    assert casey.post(_url("u4_rep_edits", firm, pk=draft.pk), {}).status_code == 400
    casey.post(_url("u4_withdraw_rep_edits", firm, pk=draft.pk))
    draft.refresh_from_db()
    assert draft.status == FilingStatus.DRAFT


def test_an_illegal_move_is_explained(casey, firm, draft):
    response = casey.post(_url("u4_stop_signing", firm, pk=draft.pk), follow=True)
    assert "This filing is Draft: “Stop signing” is not possible now." in response.content.decode()


def test_sending_an_incomplete_filing_lists_what_is_missing(casey, firm, draft, esign_on):
    response = casey.post(_url("u4_signature", firm, pk=draft.pk), {"how": "esign"}, follow=True)
    body = response.content.decode()
    assert "This filing is not complete:" in body and "2 Fingerprint Information not filled in." in body


def test_completeness_check_page(casey, firm, complete_draft):
    body = casey.get(_url("u4_check", firm, pk=complete_draft.pk)).content.decode()
    assert "Every section is complete." in body


def test_wet_signature_then_submit_with_a_final_reminder(casey, firm, complete_draft, compliance):
    services.filing_section_save(
        filing=complete_draft, section=Section.OTHER_BUSINESS, expected_version=1, user=compliance,
        data=content_as_data(Section.OTHER_BUSINESS, {"answer": "yes", "description": "Card 4111 1111 1111 1111"}))
    casey.post(_url("u4_signature", firm, pk=complete_draft.pk), {"how": "wet"})
    complete_draft.refresh_from_db()
    assert complete_draft.status == FilingStatus.SIGNED and complete_draft.signature_wet
    reminder = casey.get(_url("u4_submit", firm, pk=complete_draft.pk)).content.decode()
    assert "A final reminder" in reminder and "what looks like a card number" in reminder
    response = casey.post(_url("u4_submit", firm, pk=complete_draft.pk), follow=True)
    assert "Form U4 submitted. CRD is updated." in response.content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.status == FilingStatus.SUBMITTED


def test_the_trail_shows_what_the_person_changed(casey, firm, draft, compliance, person):
    services.filing_allow_rep_edits(filing=draft, sections=[Section.FINGERPRINT], user=compliance)
    services.filing_section_save(filing=draft, section=Section.FINGERPRINT, user=person, by_rep=True,
                                 expected_version=0, origin=services.Origin("192.0.2.44", "RepBrowser/1.0"),
                                 data=content_as_data(Section.FINGERPRINT, {"fingerprint_status": "exempt"}))
    body = casey.get(_url("u4_detail", firm, pk=draft.pk)).content.decode()
    assert "by the person" in body and "Changed: fingerprint_status" in body
    assert "192.0.2.44" in body and "RepBrowser/1.0" in body and "riley.rep" in body


def test_the_firm_sees_the_date_of_birth_as_its_year_only(casey, firm, complete_draft):
    body = casey.get(_url("u4_detail", firm, pk=complete_draft.pk)).content.decode()
    assert "**/**/1990" in body and "05/17/1990" not in body
