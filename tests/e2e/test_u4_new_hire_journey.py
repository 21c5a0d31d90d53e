"""Form U4 for a new hire in Chromium, with axe: casey.compliance starts a draft for a person with
no CRD# yet, fills it in, records the wet signature (e-signature needs a person in CRD with a
FinPro account, so the page offers only that), submits, and the new person has a CRD#.
(Allow Rep Edits and e-signature for the new hire are not possible yet: they have no account.)"""

import re

import pytest
from playwright.sync_api import expect

from crd.models import Individual
from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership
from tests.e2e.test_u4_journey import _check, _sign_in
from tests.factories import FirmFactory, FirmSettingsFactory, UserFactory
from tests.u4.conftest import complete_content, save_all
from u4.choices import FilingStatus, Section
from u4.models import Filing

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}


def test_a_new_hire_gets_a_crd_number_when_the_firm_submits(page, base_url):
    firm = FirmFactory(name="Summit Ridge Securities", crd_number=104001)
    FirmSettingsFactory(firm=firm, esignature_employees=True)
    casey = UserFactory(username="casey.compliance", first_name="Casey", last_name="Compliance")
    FirmMembership.objects.create(firm=firm, user=casey, role=MembershipRole.COMPLIANCE)

    _sign_in(page, base_url, "casey.compliance")
    page.goto(f"{base_url}/firm/{firm.crd_number}/u4/new/")
    page.get_by_label("A new person (gets a CRD# on submission)").check()
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_text("Enter the person's first name.")).to_be_visible()
    page.get_by_label("First Name").fill("Jordan")
    page.get_by_label("Last Name").fill("Newhire")
    page.get_by_label("SSN").fill("123-45-6790")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Form U4 for Jordan Newhire")
    expect(page.get_by_text("New person (given on submission)")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("123-45-6790")
    _check(page, "u4-firm-detail-new-hire")

    filing = Filing.objects.get()
    content = complete_content(first_name="Jordan", last_name="Newhire")
    save_all(filing, casey, {k: v for k, v in content.items() if k != Section.GENERAL})
    page.get_by_role("link", name="Edit 1 General Information").click()
    general = content[Section.GENERAL]
    page.get_by_label("Firm Employment Date").fill(general["employment_date"])
    page.get_by_role("group", name="Independent Contractor").get_by_label("No").check()
    page.get_by_label("Office of Employment Address").fill("400 Atlantic St")
    page.get_by_label("Office City").fill("Stamford")
    page.get_by_label("Office State").select_option("CT")
    page.get_by_label("Office Postal Code").fill("06901")
    page.get_by_role("button", name="Save 1 General Information").click()
    expect(page.get_by_text("1 General Information saved.")).to_be_visible()
    expect(page.get_by_role("button", name="Send for e-signature")).to_have_count(0)
    page.get_by_role("button", name="Record wet signature").click()
    expect(page.get_by_text("Wet signature recorded. The filing is ready to submit.")).to_be_visible()
    page.get_by_role("link", name="Submit", exact=True).click()
    _check(page, "u4-firm-submit-new-hire")
    page.get_by_role("button", name="Submit Form U4").click()
    expect(page.get_by_text("Form U4 submitted. CRD is updated.")).to_be_visible()

    person = Individual.objects.get(last_name="Newhire")
    expect(page.get_by_text(str(person.crd_number)).first).to_be_visible()
    _check(page, "u4-firm-detail-new-hire-submitted")
    page.goto(f"{base_url}/firm/{firm.crd_number}/u4/")
    expect(page.get_by_role("row", name=re.compile(f"Jordan Newhire {person.crd_number}.*Submitted"))).to_be_visible()
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED and filing.individual == person
    assert person.associations.filter(firm=firm).exists()
