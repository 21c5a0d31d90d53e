"""u5.services: each kind of filing and its effects on CRD, each refusal (nothing written), and
what an amendment may change."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from crd.choices import RegistrationStatus
from crd.models import Association, Disclosure, Registration
from finpro.events import firm_event
from notifications.models import Notification
from tests import factories
from u5 import services
from u5.choices import FilingKind
from u5.models import Filing

from .conftest import ack, address, all_no, file_full, full

pytestmark = pytest.mark.django_db


def _statuses(person):
    return sorted(Registration.objects.filter(individual=person.individual).values_list("status", flat=True))


def test_a_full_u5_ends_the_association_and_every_registration_with_the_firm(firm, person, compliance):
    other = factories.RegistrationFactory(individual=person.individual)  # through another firm: untouched
    on = timezone.localdate() - dt.timedelta(days=10)
    filing = file_full(firm, person, compliance, on=on)
    assert filing.kind == FilingKind.FULL and filing.registrations.count() == 3
    association = Association.objects.get(individual=person.individual, firm=firm)
    assert association.end_date == on
    ended = Registration.objects.filter(individual=person.individual, firm=firm)
    assert {r.status for r in ended} == {RegistrationStatus.TERMINATED}
    assert {r.terminated_on for r in ended} == {on}
    other.refresh_from_db()
    assert other.status == RegistrationStatus.APPROVED


def test_the_person_is_emailed_without_detail_and_the_firm_event_is_published(firm, person, compliance,
                                                                             django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    firm_event.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            filing = file_full(firm, person, compliance, reason="discharged", explanation="Left the office unattended.")
    finally:
        firm_event.disconnect(receiver)
    note = Notification.objects.get(kind="u5_filed")
    assert note.address == "riley@mail.example" and note.subject == "A new Form U5 is on file"
    assert "/u5/" in note.body_text
    for private in ("Discharged", "unattended", "Riley", "Rep", firm.name):
        assert private not in note.body_text + note.subject
    assert received == [{"signal": firm_event, "firm_id": firm.pk, "event": "u5.filed", "data": {
        "filing": filing.pk, "kind": "full", "individual_crd_number": person.individual.crd_number, "amends": None,
        "termination_date": filing.termination_date.isoformat()}}]


def test_a_yes_needs_its_drp_and_goes_on_the_record(firm, person, compliance):
    answers = {**all_no(), "7B": "yes"}
    with pytest.raises(ValidationError, match="Disclosure Reporting Page"):
        file_full(firm, person, compliance, reason="permitted_to_resign", explanation="Internal review.",
                  answers=answers)
    assert not Filing.objects.exists() and _statuses(person).count("approved") == 3
    drp = {"question": "7B", "event_date": dt.date(2026, 1, 5), "summary": "Internal review of trading."}
    filing = file_full(firm, person, compliance, reason="permitted_to_resign", explanation="Internal review.",
                       answers=answers, drps=[drp])
    assert filing.drps.get().question == "7B"
    disclosure = Disclosure.objects.get(individual=person.individual)
    assert disclosure.kind == "termination" and "Internal review of trading" in disclosure.summary


@pytest.mark.parametrize("reason, explanation, ok", [
    ("voluntary", "", True), ("discharged", "", False), ("deceased", "", False), ("other", "Moved away.", True),
    ("", "", False), ("fired", "x", False)])
def test_the_reason_needs_an_explanation_unless_voluntary(firm, person, compliance, reason, explanation, ok):
    if ok:
        assert file_full(firm, person, compliance, reason=reason, explanation=explanation).pk
    else:
        with pytest.raises(ValidationError):
            file_full(firm, person, compliance, reason=reason, explanation=explanation)
        assert not Filing.objects.exists()


def test_a_partial_u5_ends_only_the_chosen_registrations(firm, person, compliance):
    t = services.Termination(termination_date=timezone.localdate(), partial_jurisdictions=["NJ"])
    filing = services.filing_submit(firm=firm, individual=person.individual, kind="partial", address=address(),
                                    termination=t, acknowledgment=ack(), user=compliance)
    [ended] = filing.registrations.all()
    assert ended.jurisdiction.code == "NJ" and ended.status == RegistrationStatus.TERMINATED
    assert _statuses(person) == ["approved", "approved", "terminated"]
    assert Association.objects.get(individual=person.individual, firm=firm).end_date is None


@pytest.mark.parametrize("termination, message", [
    ({"partial_jurisdictions": ["CA"]}, "registered with through your firm"),
    ({}, "Choose the SROs"),
    ({"partial_sros": ["FINRA"], "partial_jurisdictions": ["NY", "NJ"]}, "full termination instead"),
    ({"partial_sros": ["FINRA"], "reason": "discharged"}, "no reason"),
])
def test_a_partial_u5_refuses_bad_choices(firm, person, compliance, termination, message):
    t = services.Termination(termination_date=timezone.localdate(), **termination)
    with pytest.raises(ValidationError, match=message):
        services.filing_submit(firm=firm, individual=person.individual, kind="partial", address=address(),
                               termination=t, acknowledgment=ack(), user=compliance)
    assert not Filing.objects.exists() and _statuses(person).count("approved") == 3


def test_a_person_not_associated_with_the_firm_is_refused(firm, compliance):
    stranger = factories.IndividualFactory()
    factories.RegistrationFactory(individual=stranger)
    with pytest.raises(ValidationError, match="not currently associated"):
        services.filing_submit(firm=firm, individual=stranger, kind="full", address=address(), termination=full(),
                               acknowledgment=ack(), user=compliance)
    assert not Filing.objects.exists()


def test_the_8a_acknowledgment_and_the_date_are_checked(firm, person, compliance):
    with pytest.raises(ValidationError) as exc:
        services.filing_submit(firm=firm, individual=person.individual, kind="full", address=address(),
                               termination=full(), acknowledgment=services.Acknowledgment(name=" ", acknowledged=False),
                               user=compliance)
    assert set(exc.value.message_dict) == {"acknowledgment_name", "acknowledge"}
    with pytest.raises(ValidationError, match="future"):
        file_full(firm, person, compliance, on=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="before the person joined"):
        file_full(firm, person, compliance, on=dt.date(2017, 1, 1))
    assert not Filing.objects.exists()


def test_a_second_full_u5_is_refused_once_the_association_ended(firm, person, compliance):
    file_full(firm, person, compliance)
    with pytest.raises(ValidationError, match="not currently associated"):
        file_full(firm, person, compliance)


def test_the_30_day_deadline_marks_late_filings(firm, person, compliance):
    late = file_full(firm, person, compliance, on=timezone.localdate() - dt.timedelta(days=31))
    assert late.deadline == late.termination_date + dt.timedelta(days=30) and late.is_late
    other = factories.VerifiedRepFactory()
    factories.AssociationFactory(individual=other.individual, firm=firm)
    factories.RegistrationFactory(individual=other.individual, firm=firm)
    on_time = file_full(firm, other, compliance, on=timezone.localdate() - dt.timedelta(days=30))
    assert not on_time.is_late


def test_the_pdf_is_stored_and_reads_back(firm, person, compliance):
    filing = file_full(firm, person, compliance, reason="other", explanation="Relocated abroad.")
    with filing.pdf.open("rb") as f:
        text = "".join(page.extract_text() for page in PdfReader(f).pages)
    assert "Form U5" in text and "Riley Rep" in text and "Relocated abroad." in text and "Casey Compliance" in text


def test_the_learning_plan_is_reassigned(firm, person, compliance):
    from ce.demo import load_content
    from ce.models import LearningPlan
    from ce.services import learning_plan_assign

    load_content(year=timezone.localdate().year)
    plan = learning_plan_assign(individual=person.individual, year=timezone.localdate().year)
    assert plan.plan_modules.count() == 3
    file_full(firm, person, compliance)
    assert LearningPlan.objects.get(pk=plan.pk).plan_modules.count() == 0


# --- amendments -------------------------------------------------------------------------------


def test_an_amendment_changes_date_reason_address_and_disclosures(firm, person, compliance):
    filing = file_full(firm, person, compliance, on=timezone.localdate() - dt.timedelta(days=20))
    new_date = timezone.localdate() - dt.timedelta(days=25)
    drp = {"question": "7E", "event_date": dt.date(2025, 6, 1), "summary": "Customer complaint about fees."}
    amendment = services.amendment_submit(
        filing=filing, address=address(city="Jersey City"), acknowledgment=ack(), user=compliance,
        termination=full(on=new_date, reason="discharged", explanation="Complaint.",
                         answers={**all_no(), "7E": "yes"}, drps=[drp]))
    assert amendment.kind == FilingKind.AMENDMENT and amendment.amends == filing and amendment.city == "Jersey City"
    assert Association.objects.get(individual=person.individual, firm=firm).end_date == new_date
    assert set(Registration.objects.filter(individual=person.individual).values_list("terminated_on", flat=True)) == {
        new_date}
    assert Disclosure.objects.get(individual=person.individual).kind == "customer_complaint"
    assert Notification.objects.filter(kind="u5_filed").count() == 2
    assert not amendment.is_late  # an amendment has no 30-day deadline of its own
    again = services.amendment_submit(filing=amendment, address=address(), acknowledgment=ack(), user=compliance,
                                      termination=full(on=new_date))
    assert again.amends == filing  # an amendment of an amendment amends the original


def test_an_amendment_cannot_change_which_registrations_ended(firm, person, compliance):
    filing = file_full(firm, person, compliance)
    with pytest.raises(ValidationError, match="which registrations ended"):
        services.amendment_submit(filing=filing, address=address(), acknowledgment=ack(), user=compliance,
                                  termination=services.Termination(termination_date=filing.termination_date,
                                                                   reason="voluntary", answers=all_no(),
                                                                   partial_sros=["FINRA"]))
    assert Filing.objects.count() == 1


def test_an_amendment_of_a_partial_has_no_reason(firm, person, compliance):
    t = services.Termination(termination_date=timezone.localdate(), partial_jurisdictions=["NJ"])
    partial = services.filing_submit(firm=firm, individual=person.individual, kind="partial", address=address(),
                                     termination=t, acknowledgment=ack(), user=compliance)
    with pytest.raises(ValidationError, match="no reason"):
        services.amendment_submit(filing=partial, address=address(), acknowledgment=ack(), user=compliance,
                                  termination=services.Termination(termination_date=t.termination_date,
                                                                   reason="discharged", reason_explanation="x"))
    earlier = t.termination_date - dt.timedelta(days=1)
    ok = services.amendment_submit(filing=partial, address=address(city="Newark"), acknowledgment=ack(),
                                   user=compliance, termination=services.Termination(termination_date=earlier))
    assert ok.registrations.get().terminated_on == earlier
    assert Association.objects.get(individual=person.individual, firm=firm).end_date is None
