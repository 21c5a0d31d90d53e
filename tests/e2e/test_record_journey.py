"""A verified rep signs in, sees their tasks, reads every record section, certifies the
record, downloads it as PDF; the status page too. Axe on every page, desktop and phone."""

import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from crd.choices import DisclosureKind
from tests.factories import (
    AssociationFactory,
    CategoryRef,
    DisclosureFactory,
    EmploymentHistoryFactory,
    ExamRef,
    ExamResultFactory,
    FirmFactory,
    JurisdictionRef,
    RegistrationFactory,
    ResidenceHistoryFactory,
    VerifiedRepFactory,
)
from tests.record.factories import FirmSettingsFactory

pytestmark = pytest.mark.django_db(transaction=True)

SECTIONS = ["Registrations", "Qualifications", "Continuing Education", "Employment history",
            "Residential history", "Disclosures"]


def make_rep():
    firm = FirmFactory(name="Summit Ridge Securities", crd_number=104001)
    FirmSettingsFactory(firm=firm, attestation_employees=True, ce_firm_due_date=dt.date(dt.date.today().year, 11, 30))
    user = VerifiedRepFactory(username="dana.rep", first_name="Dana", last_name="Rivera",
                              individual__first_name="Dana", individual__last_name="Rivera")
    person = user.individual
    AssociationFactory(individual=person, firm=firm)
    RegistrationFactory(individual=person, firm=firm, category=CategoryRef(code="GS"), sro="FINRA")
    RegistrationFactory(individual=person, firm=firm, category=CategoryRef(code="AG"), sro="",
                        jurisdiction=JurisdictionRef(code="NY"))
    ExamResultFactory(individual=person, exam=ExamRef(code="S7"))
    ExamResultFactory(individual=person, exam=ExamRef(code="SIE"), taken_on=dt.date(2017, 11, 3))
    EmploymentHistoryFactory(individual=person, employer_name="Summit Ridge Securities")
    EmploymentHistoryFactory(individual=person, kind="education", employer_name="State University",
                             position="Student", start_date=dt.date(2016, 9, 1), end_date=dt.date(2018, 2, 28))
    ResidenceHistoryFactory(individual=person)
    DisclosureFactory(individual=person, kind=DisclosureKind.CUSTOMER_COMPLAINT)
    return user


def test_rep_reads_and_certifies_their_record(page, base_url, axe, sign_in):
    user = make_rep()
    sign_in(user.username)
    expect(page.get_by_role("heading", name="My Task list")).to_be_visible()
    task = page.get_by_role("link", name="Certify your record for Summit Ridge Securities")
    expect(task).to_be_visible()
    expect(page.get_by_text(re.compile(r"Regulatory Element due 12/31/\d{4}")).first).to_be_visible()
    axe("record-dashboard")
    page.set_viewport_size({"width": 390, "height": 844})
    axe("record-dashboard-phone")
    page.set_viewport_size({"width": 1280, "height": 860})

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your CRD record")
    axe("record-overview")
    for title in SECTIONS:
        page.get_by_role("navigation", name="Record sections").get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        axe(f"record-{title.lower().replace(' ', '-')}")
    expect(page.get_by_text("Customer alleged unsuitable recommendation")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Registrations").first.click()
    axe("record-registrations-phone")
    page.set_viewport_size({"width": 1280, "height": 860})

    page.goto(base_url + "/")
    page.get_by_role("link", name="Certify your record for Summit Ridge Securities").click()
    page.get_by_label("My record needs to be updated").check()
    page.get_by_role("button", name="Submit certification").click()
    expect(page.get_by_text("Tell your firm what needs to be updated.")).to_be_visible()
    axe("record-attest-error")
    page.get_by_label("My record is correct").check()
    page.get_by_role("button", name="Submit certification").click()
    expect(page.get_by_text("Your certification was sent to Summit Ridge Securities")).to_be_visible()
    expect(page.get_by_role("cell", name="My record is correct")).to_be_visible()
    axe("record-attestation-history")
    page.goto(base_url + "/")
    expect(page.get_by_role("link", name="Certify your record for Summit Ridge Securities")).to_have_count(0)

    page.goto(base_url + "/record/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download my record (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"crd-record-{user.individual.crd_number}.pdf"
    with open(download.path(), "rb") as fh:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    assert "Dana Rivera" in text and "Disclosures" in text and "SHA-256" in text

    page.goto(base_url + "/status/")
    expect(page.get_by_role("heading", name="System Status")).to_be_visible()
    axe("record-status")
