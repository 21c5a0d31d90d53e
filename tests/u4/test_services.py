"""u4.services: each move of the state machine, each refusal, prefill, section saves with the
optimistic version check, signature binding and voiding, and the effects of submission on CRD."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from crd.choices import RegistrationStatus
from crd.models import Association, Disclosure, EmploymentHistory, Individual, Registration, ResidenceHistory
from notifications.models import Notification
from tests import factories
from u4 import services
from u4.choices import EventAction, FilingStatus, Section
from u4.models import Filing, FilingEvent
from u4.sections import content_as_data

from .conftest import complete_content, save_all

pytestmark = pytest.mark.django_db


def _actions(filing):
    return list(FilingEvent.objects.filter(filing=filing).order_by("at", "id").values_list("action", flat=True))


# --- create and prefill ---------------------------------------------------------------------


def test_filing_create_prefills_from_crd_without_copying_the_ssn(firm, compliance):
    individual = factories.IndividualFactory(first_name="Morgan", last_name="Prefill", ssn="123456789")
    factories.ResidenceHistoryFactory(individual=individual)
    factories.EmploymentHistoryFactory(individual=individual)
    factories.RegistrationFactory(individual=individual)
    factories.DisclosureFactory(individual=individual)
    filing = services.filing_create(firm=firm, user=compliance, individual=individual)
    assert filing.status == FilingStatus.DRAFT
    assert filing.section(Section.GENERAL)["last_name"] == "Prefill"
    assert filing.section(Section.IDENTIFYING)["date_of_birth"] == individual.date_of_birth.isoformat()
    assert len(filing.section(Section.RESIDENTIAL_HISTORY)["rows"]) == 1
    assert len(filing.section(Section.EMPLOYMENT_HISTORY)["rows"]) == 1
    assert filing.section(Section.SRO_REGISTRATIONS)["categories"] == ["GS"]
    disclosures = filing.section(Section.DISCLOSURES)
    assert disclosures["q14I"] == "yes" and disclosures["rows"][0]["question"] == "14I"
    assert "123456789" not in str(filing.content) and "6789" not in str(filing.content)
    assert filing.masked_ssn == "***-**-6789"
    assert _actions(filing) == [EventAction.CREATED]


def test_filing_create_for_a_new_person_keeps_the_ssn_encrypted(firm, compliance):
    filing = services.filing_create(firm=firm, user=compliance, first_name="Nova", last_name="Hire",
                                    ssn="234-56-7890")
    assert filing.individual is None and filing.masked_ssn == "***-**-7890"
    assert "234567890" not in filing.new_ssn_ciphertext


def test_filing_create_refuses_bad_input_and_saves_nothing(firm, compliance):
    existing = factories.IndividualFactory(ssn="345678901")
    with pytest.raises(ValidationError) as exc:
        services.filing_create(firm=firm, user=compliance, first_name="", last_name="X", ssn="000-12-3456")
    assert set(exc.value.message_dict) == {"first_name", "ssn"}
    with pytest.raises(ValidationError, match="already in CRD"):
        services.filing_create(firm=firm, user=compliance, first_name="A", last_name="B", ssn="345-67-8901")
    services.filing_create(firm=firm, user=compliance, individual=existing)
    with pytest.raises(ValidationError, match="already has an open Form U4"):
        services.filing_create(firm=firm, user=compliance, individual=existing)
    assert Filing.objects.count() == 1


def test_the_database_refuses_two_open_filings_of_one_kind_for_one_person(firm, individual):
    factories.FilingFactory(firm=firm, individual=individual)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.FilingFactory(firm=firm, individual=individual)


# --- sections -------------------------------------------------------------------------------


def test_section_save_validates_and_saves_nothing_on_error(draft, compliance):
    data = content_as_data(Section.GENERAL, {**complete_content()[Section.GENERAL], "office_postal_code": "ABC"})
    with pytest.raises(services.SectionInvalid) as exc:
        services.filing_section_save(filing=draft, section=Section.GENERAL, data=data, expected_version=0,
                                     user=compliance)
    assert "office_postal_code" in exc.value.bound.form.errors
    draft.refresh_from_db()
    assert "employment_date" not in draft.section(Section.GENERAL)
    assert _actions(draft) == [EventAction.CREATED]


def test_section_save_records_who_and_what_changed(draft, compliance):
    content = complete_content()[Section.FINGERPRINT]
    filing = services.filing_section_save(filing=draft, section=Section.FINGERPRINT,
                                          data=content_as_data(Section.FINGERPRINT, content), expected_version=0,
                                          user=compliance, origin=services.Origin("198.51.100.4", "Firefox"))
    assert filing.section(Section.FINGERPRINT) == content
    assert filing.section_versions == {Section.FINGERPRINT: 1}
    event = FilingEvent.objects.get(action=EventAction.SECTION_SAVED)
    assert (event.actor, event.section, event.ip_address, event.user_agent) == (
        compliance, Section.FINGERPRINT, "198.51.100.4", "Firefox")
    assert event.detail["changed"] == ["fingerprint_status"] and event.detail["by"] == "firm"


def test_a_second_save_from_the_same_version_is_a_conflict_and_loses_nothing(draft, compliance, person):
    first = {"fingerprint_status": "card_submitted"}
    second = {"fingerprint_status": "exempt"}
    services.filing_section_save(filing=draft, section=Section.FINGERPRINT,
                                 data=content_as_data(Section.FINGERPRINT, first), expected_version=0, user=compliance)
    with pytest.raises(services.SectionConflict) as exc:
        services.filing_section_save(filing=draft, section=Section.FINGERPRINT,
                                     data=content_as_data(Section.FINGERPRINT, second), expected_version=0,
                                     user=compliance)
    assert exc.value.current == first and exc.value.current_version == 1
    assert exc.value.bound.form.cleaned_data["fingerprint_status"] == "exempt"
    draft.refresh_from_db()
    assert draft.section(Section.FINGERPRINT) == first


def test_the_rep_saves_only_sections_opened_to_them(draft, compliance, person):
    services.filing_allow_rep_edits(filing=draft, sections=[Section.RESIDENTIAL_HISTORY], user=compliance)
    rows = complete_content()[Section.RESIDENTIAL_HISTORY]
    filing = services.filing_section_save(filing=draft, section=Section.RESIDENTIAL_HISTORY,
                                          data=content_as_data(Section.RESIDENTIAL_HISTORY, rows),
                                          expected_version=0, user=person, by_rep=True)
    assert filing.section(Section.RESIDENTIAL_HISTORY) == rows
    with pytest.raises(services.IllegalMove, match="not opened this section"):
        services.filing_section_save(filing=draft, section=Section.FINGERPRINT,
                                     data=content_as_data(Section.FINGERPRINT, {"fingerprint_status": "exempt"}),
                                     expected_version=0, user=person, by_rep=True)
    # While the person edits, the firm does not.
    with pytest.raises(services.IllegalMove, match="With rep"):
        services.filing_section_save(filing=draft, section=Section.FINGERPRINT,
                                     data=content_as_data(Section.FINGERPRINT, {"fingerprint_status": "exempt"}),
                                     expected_version=0, user=compliance)


# --- the state machine ----------------------------------------------------------------------


def test_allow_rep_edits_opens_chosen_sections_and_emails_the_person(draft, compliance, person):
    filing = services.filing_allow_rep_edits(filing=draft, sections=[Section.GENERAL, Section.OTHER_NAMES],
                                             user=compliance)
    assert filing.status == FilingStatus.WITH_REP
    assert filing.rep_sections == [Section.GENERAL, Section.OTHER_NAMES]
    mail = Notification.objects.get(kind="u4_rep_edits_allowed")
    assert mail.address == "riley@mail.example" and "Other Names" in mail.body_text
    assert f"/u4/{filing.pk}/" in mail.body_text


@pytest.mark.parametrize("sections", [[], ["signatures"], ["nonsense"]])
def test_allow_rep_edits_refuses_bad_sections(draft, compliance, sections):
    with pytest.raises(ValidationError):
        services.filing_allow_rep_edits(filing=draft, sections=sections, user=compliance)
    draft.refresh_from_db()
    assert draft.status == FilingStatus.DRAFT


def test_allow_rep_edits_needs_a_person_with_an_account(firm, compliance):
    filing = services.filing_create(firm=firm, user=compliance, individual=factories.IndividualFactory())
    with pytest.raises(ValidationError, match="FinPro account"):
        services.filing_allow_rep_edits(filing=filing, sections=[Section.GENERAL], user=compliance)


def test_withdraw_and_return_end_the_persons_editing(draft, compliance, person):
    services.filing_allow_rep_edits(filing=draft, sections=[Section.GENERAL], user=compliance)
    filing = services.filing_withdraw_rep_edits(filing=draft, user=compliance)
    assert (filing.status, filing.rep_sections) == (FilingStatus.DRAFT, [])
    services.filing_allow_rep_edits(filing=draft, sections=[Section.GENERAL], user=compliance)
    filing = services.filing_return_to_firm(filing=draft, user=person)
    assert (filing.status, filing.rep_sections) == (FilingStatus.RETURNED, [])
    assert _actions(filing) == [EventAction.CREATED, EventAction.REP_EDITS_ALLOWED, EventAction.REP_EDITS_WITHDRAWN,
                                EventAction.REP_EDITS_ALLOWED, EventAction.RETURNED]


@pytest.mark.parametrize(("move", "kwargs"), [
    (services.filing_withdraw_rep_edits, {}),
    (services.filing_return_to_firm, {}),
    (services.filing_stop_signing, {}),
    (services.filing_submit, {}),
    (services.filing_sign, {"signature_name": "Riley Rep", "consent": True}),
])
def test_illegal_moves_from_draft_are_refused_with_no_change(draft, compliance, person, move, kwargs):
    user = person if move is services.filing_sign else compliance
    with pytest.raises(services.IllegalMove, match="This filing is Draft"):
        move(filing=draft, user=user, **kwargs)
    draft.refresh_from_db()
    assert draft.status == FilingStatus.DRAFT and _actions(draft) == [EventAction.CREATED]


def test_send_for_signature_refuses_an_incomplete_filing_with_the_list(draft, compliance, esign_on):
    with pytest.raises(ValidationError) as exc:
        services.filing_send_for_signature(filing=draft, user=compliance)
    assert "2 Fingerprint Information not filled in." in exc.value.messages
    draft.refresh_from_db()
    assert draft.status == FilingStatus.DRAFT


def test_send_for_signature_needs_the_firm_setting(complete_draft, compliance):
    with pytest.raises(ValidationError, match="E-signature is off"):
        services.filing_send_for_signature(filing=complete_draft, user=compliance)


def test_sign_binds_the_content_hash_and_emails_the_firm_user(complete_draft, compliance, person, esign_on):
    services.filing_send_for_signature(filing=complete_draft, user=compliance)
    assert Notification.objects.filter(kind="u4_signature_requested", address="riley@mail.example").exists()
    filing = services.filing_sign(filing=complete_draft, user=person, signature_name="  riley   REP ",
                                  consent=True, origin=services.Origin("203.0.113.9", "Safari"))
    assert filing.status == FilingStatus.SIGNED
    assert filing.signature_hash == services.content_hash(filing) and len(filing.signature_hash) == 64
    assert filing.signature_name == "riley REP" and filing.signed_by == person
    event = FilingEvent.objects.get(action=EventAction.SIGNED)
    assert (event.consent_version, event.ip_address, event.actor) == ("15A-2026-1", "203.0.113.9", person)
    mail = Notification.objects.get(kind="u4_signed")
    assert mail.address == compliance.email
    assert f"/firm/{filing.firm.crd_number}/u4/{filing.pk}/" in mail.body_text


def test_sign_refusals(complete_draft, compliance, person, esign_on):
    services.filing_send_for_signature(filing=complete_draft, user=compliance)
    with pytest.raises(ValidationError, match="15A"):
        services.filing_sign(filing=complete_draft, user=person, signature_name="Riley Rep", consent=False)
    with pytest.raises(ValidationError, match="full legal name: Riley Rep"):
        services.filing_sign(filing=complete_draft, user=person, signature_name="R. Rep", consent=True)
    other = factories.VerifiedRepFactory()
    with pytest.raises(services.IllegalMove, match="Only the person"):
        services.filing_sign(filing=complete_draft, user=other, signature_name="Riley Rep", consent=True)
    complete_draft.refresh_from_db()
    assert complete_draft.status == FilingStatus.AWAITING_SIGNATURE and not complete_draft.signature_hash


def test_a_section_saved_after_signing_voids_the_signature(complete_draft, compliance, person, esign_on):
    services.filing_send_for_signature(filing=complete_draft, user=compliance)
    filing = services.filing_sign(filing=complete_draft, user=person, signature_name="Riley Rep", consent=True)
    old_hash = filing.signature_hash
    filing = services.filing_section_save(
        filing=filing, section=Section.FINGERPRINT, expected_version=filing.section_versions[Section.FINGERPRINT],
        data=content_as_data(Section.FINGERPRINT, {"fingerprint_status": "exempt"}), user=compliance)
    assert filing.status == FilingStatus.AWAITING_SIGNATURE
    assert filing.signature_hash == "" and filing.signed_at is None
    assert services.content_hash(filing) != old_hash
    assert _actions(filing)[-2:] == [EventAction.SECTION_SAVED, EventAction.SIGNATURE_VOIDED]
    with pytest.raises(services.IllegalMove):
        services.filing_submit(filing=filing, user=compliance)


def test_stop_signing_reopens_editing(complete_draft, compliance, person, esign_on):
    services.filing_send_for_signature(filing=complete_draft, user=compliance)
    services.filing_sign(filing=complete_draft, user=person, signature_name="Riley Rep", consent=True)
    filing = services.filing_stop_signing(filing=complete_draft, user=compliance)
    assert filing.status == FilingStatus.DRAFT and filing.signature_hash == ""
    assert EventAction.STOPPED in _actions(filing)


def test_submit_refuses_a_tampered_signature(complete_draft, compliance):
    filing = services.filing_record_wet_signature(filing=complete_draft, user=compliance)
    Filing.objects.filter(pk=filing.pk).update(content={**filing.content, "fingerprint": {"fingerprint_status":
                                                                                            "exempt"}})
    with pytest.raises(services.IllegalMove, match="does not match"):
        services.filing_submit(filing=filing, user=compliance)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SIGNED


# --- submission -----------------------------------------------------------------------------


def test_submit_writes_an_existing_person_to_crd(complete_draft, compliance, person, firm):
    individual = person.individual
    factories.DisclosureFactory(individual=individual, summary="Customer complaint, settled.",
                                event_date=dt.date(2021, 9, 14))
    filing = services.filing_record_wet_signature(filing=complete_draft, user=compliance)
    filing = services.filing_submit(filing=filing, user=compliance)
    assert filing.status == FilingStatus.SUBMITTED and filing.submitted_at is not None
    association = Association.objects.get(individual=individual, firm=firm)
    assert association.kind == "employee" and association.end_date is None
    registrations = Registration.objects.filter(individual=individual, firm=firm)
    assert {(r.category.code, r.sro, r.jurisdiction.code if r.jurisdiction else None) for r in registrations} == {
        ("GS", "FINRA", None), ("AG", "", "NY")}
    assert {r.status for r in registrations} == {RegistrationStatus.PENDING}
    assert ResidenceHistory.objects.get(individual=individual).city == "Hoboken"
    assert set(EmploymentHistory.objects.filter(individual=individual).values_list("employer_name", flat=True)) == {
        "State University", "Acme Bank"}
    assert Disclosure.objects.filter(individual=individual).count() == 1  # the same event is not doubled
    assert _actions(filing)[-1] == EventAction.SUBMITTED


def test_submit_creates_a_new_person_with_a_crd_number(firm, compliance):
    factories.IndividualFactory(crd_number=7_000_000)
    filing = services.filing_create(firm=firm, user=compliance, first_name="Nova", last_name="Hire",
                                    ssn="234-56-7890")
    filing = save_all(filing, compliance, complete_content(first_name="Nova", last_name="Hire"))
    filing = services.filing_record_wet_signature(filing=filing, user=compliance)
    filing = services.filing_submit(filing=filing, user=compliance)
    person = Individual.objects.with_ssn("234567890").get()
    assert filing.individual == person and person.crd_number == 7_000_001
    assert (person.full_name, person.date_of_birth, person.city) == ("Nova Hire", dt.date(1990, 5, 17), "Hoboken")
    assert Disclosure.objects.get(individual=person).kind == "customer_complaint"
    assert FilingEvent.objects.get(filing=filing, action=EventAction.SUBMITTED).detail == {"crd_number": 7_000_001}


def test_submit_refuses_a_new_person_whose_ssn_reached_crd_meanwhile_and_writes_nothing(firm, compliance):
    filing = services.filing_create(firm=firm, user=compliance, first_name="Nova", last_name="Hire",
                                    ssn="234-56-7890")
    filing = save_all(filing, compliance, complete_content(first_name="Nova", last_name="Hire"))
    filing = services.filing_record_wet_signature(filing=filing, user=compliance)
    factories.IndividualFactory(ssn="234567890")
    before = Individual.objects.count()
    with pytest.raises(ValidationError, match="added to CRD after this draft"):
        services.filing_submit(filing=filing, user=compliance)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SIGNED and filing.individual is None
    assert Individual.objects.count() == before and not Registration.objects.exists()


def test_only_the_person_saves_as_the_rep_or_returns_the_filing(draft, compliance, person):
    services.filing_allow_rep_edits(filing=draft, sections=[Section.FINGERPRINT], user=compliance)
    stranger = factories.VerifiedRepFactory()
    with pytest.raises(services.IllegalMove, match="Only the person"):
        services.filing_section_save(filing=draft, section=Section.FINGERPRINT, expected_version=0, by_rep=True,
                                     data=content_as_data(Section.FINGERPRINT, {"fingerprint_status": "exempt"}),
                                     user=stranger)
    with pytest.raises(services.IllegalMove, match="Only the person"):
        services.filing_return_to_firm(filing=draft, user=stranger)
    draft.refresh_from_db()
    assert draft.status == FilingStatus.WITH_REP and draft.section(Section.FINGERPRINT) == {}
