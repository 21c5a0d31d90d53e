import datetime as dt

import pytest
from django.utils import timezone

from firmsettings.choices import MembershipRole
from tests import factories
from tests.firmsettings.factories import MembershipFactory
from u4 import services
from u4.choices import Section
from u4.sections import content_as_data


def years_ago(years: int, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    return today.replace(year=today.year - years, day=1).isoformat()


def complete_content(*, first_name="Jordan", last_name="Example") -> dict:
    """A valid, complete filing: GS + Series 7 and SIE, full histories, one disclosure with its DRP."""
    questions = {f"q14{c}": "no" for c in "ABCDEFGHIJKLM"}
    questions["q14I"] = "yes"
    return {
        Section.GENERAL: {"first_name": first_name, "middle_name": "", "last_name": last_name, "suffix": "",
                          "employment_date": timezone.localdate().isoformat(), "independent_contractor": "no",
                          "office_address_line1": "1 Main St", "office_city": "New York", "office_state": "NY",
                          "office_postal_code": "10001"},
        Section.FINGERPRINT: {"fingerprint_status": "card_submitted"},
        Section.UNAFFILIATED_FIRMS: {"answer": "no", "firm_names": ""},
        Section.SRO_REGISTRATIONS: {"categories": ["GS"]},
        Section.JURISDICTIONS: {"jurisdictions": ["NY"], "state_categories": ["AG"]},
        Section.AFFILIATED_FIRMS: {"answer": "no", "firm_names": ""},
        Section.EXAM_REQUESTS: {"exams": ["S7", "SIE", "S63"]},
        Section.DESIGNATIONS: {"designations": []},
        Section.IDENTIFYING: {"date_of_birth": "1990-05-17", "state_of_birth": "NJ", "country_of_birth": "US",
                              "sex": "F", "height_ft": 5, "height_in": 7, "weight": 140, "hair_color": "Brown",
                              "eye_color": "Green"},
        Section.OTHER_NAMES: {"rows": []},
        Section.RESIDENTIAL_HISTORY: {"rows": [
            {"from_date": years_ago(6), "to_date": None, "address_line1": "12 Elm St", "city": "Hoboken",
             "state": "NJ", "postal_code": "07030", "country": "US"}]},
        Section.EMPLOYMENT_HISTORY: {"rows": [
            {"from_date": years_ago(11), "to_date": years_ago(4), "kind": "education",
             "employer_name": "State University", "position": "Student", "city": "Newark", "state": "NJ",
             "investment_related": False},
            {"from_date": years_ago(4), "to_date": None, "kind": "full_time", "employer_name": "Acme Bank",
             "position": "Teller", "city": "Hoboken", "state": "NJ", "investment_related": True}]},
        Section.OTHER_BUSINESS: {"answer": "no", "description": ""},
        Section.DISCLOSURES: {**questions, "rows": [
            {"question": "14I", "event_date": "2021-09-14", "summary": "Customer complaint, settled."}]},
        Section.SIGNATURES: {"firm_signatory_name": "Casey Compliance"},
    }


def save_all(filing, user, content=None, *, by_rep=False):
    """Save every section of `content` through the service, as a page would."""
    for key, value in (content or complete_content()).items():
        filing.refresh_from_db()
        filing = services.filing_section_save(
            filing=filing, section=key, data=content_as_data(key, value),
            expected_version=filing.section_versions.get(key, 0), user=user, by_rep=by_rep)
    return filing


@pytest.fixture
def compliance(db, firm):
    return MembershipFactory(firm=firm, role=MembershipRole.COMPLIANCE,
                             user=factories.UserFactory(username="casey.compliance")).user


@pytest.fixture
def person(db):
    """A rep in CRD with a verified FinPro account."""
    return factories.VerifiedRepFactory(username="riley.rep", email="riley@mail.example",
                                        individual=factories.IndividualFactory(first_name="Riley", last_name="Rep"))


@pytest.fixture
def esign_on(firm):
    factories.FirmSettingsFactory(firm=firm, esignature_employees=True)


@pytest.fixture
def draft(firm, compliance, person):
    return services.filing_create(firm=firm, user=compliance, individual=person.individual)


@pytest.fixture
def complete_draft(draft, compliance, person):
    return save_all(draft, compliance, complete_content(first_name="Riley", last_name="Rep"))


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    """Submitted PDFs go to a per-test private folder."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
