"""attestation_record and the rules that ask a rep to certify their record again."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from crd import mytasks, selectors
from crd.choices import AssociationKind, AttestationAnswer
from crd.models import Attestation
from crd.services import attestation_record
from tests.factories import AssociationFactory, DisclosureFactory, FirmFactory, VerifiedRepFactory

from .factories import AttestationFactory, FirmSettingsFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The same user as a new request would load it (no memoised record facts)."""
    return type(user).objects.get(pk=user.pk)


def attest_titles(user):
    return [t.title for t in mytasks.tasks_for(fresh(user)) if t.key.startswith("crd.attest")]


def test_attestation_record_stores_time_firm_and_answer(employee, summit):
    attestation = attestation_record(individual=employee.individual, firm=summit, answer=AttestationAnswer.CORRECT,
                                     comment="", user=employee)
    stored = Attestation.objects.get(pk=attestation.pk)
    assert stored.firm == summit and stored.answer == "correct" and stored.user == employee
    assert stored.association_kind == AssociationKind.EMPLOYEE
    assert abs(stored.attested_at - timezone.now()) < dt.timedelta(seconds=5)
    assert stored.record_changed_at is not None


def test_needs_update_requires_a_comment(employee, summit):
    with pytest.raises(ValidationError) as exc:
        attestation_record(individual=employee.individual, firm=summit, answer=AttestationAnswer.NEEDS_UPDATE,
                           comment="   ", user=employee)
    assert "comment" in exc.value.message_dict
    assert not Attestation.objects.exists()
    attestation_record(individual=employee.individual, firm=summit, answer=AttestationAnswer.NEEDS_UPDATE,
                       comment="My Series 63 is missing.", user=employee)
    assert Attestation.objects.get().comment == "My Series 63 is missing."


def test_refused_when_the_firm_does_not_ask(employee):
    other = FirmFactory()
    AssociationFactory(individual=employee.individual, firm=other)  # no settings row: attestation off
    with pytest.raises(ValidationError):
        attestation_record(individual=employee.individual, firm=other, answer="correct", user=employee)
    stranger_firm = FirmFactory()
    FirmSettingsFactory(firm=stranger_firm, attestation_employees=True)  # on, but not the rep's firm
    with pytest.raises(ValidationError):
        attestation_record(individual=employee.individual, firm=stranger_firm, answer="correct", user=employee)
    assert not Attestation.objects.exists()


def test_refused_for_an_invalid_answer(employee, summit):
    with pytest.raises(ValidationError):
        attestation_record(individual=employee.individual, firm=summit, answer="maybe", user=employee)


def test_contractors_are_asked_only_when_enabled_for_contractors(summit):
    contractor = VerifiedRepFactory()
    AssociationFactory(individual=contractor.individual, firm=summit, kind=AssociationKind.INDEPENDENT_CONTRACTOR)
    assert attest_titles(contractor) == []
    summit.finpro_settings.attestation_contractors = True
    summit.finpro_settings.save()
    assert attest_titles(contractor) == ["Certify your record for Summit Ridge Securities"]


def test_former_association_is_not_asked(summit):
    former = VerifiedRepFactory()
    AssociationFactory(individual=former.individual, firm=summit, start_date=dt.date(2015, 1, 1),
                       end_date=dt.date(2020, 1, 1))
    assert attest_titles(former) == []


def test_task_until_attested_then_again_after_the_record_changes(employee, summit):
    assert attest_titles(employee) == ["Certify your record for Summit Ridge Securities"]
    task = mytasks.tasks_for(fresh(employee))[0]
    assert task.url == reverse("record:attest", args=[104001])
    attestation_record(individual=employee.individual, firm=summit, answer="correct", user=employee)
    assert attest_titles(employee) == []
    DisclosureFactory(individual=employee.individual)  # the firm files something new
    assert attest_titles(employee) == ["Certify your record for Summit Ridge Securities"]
    reasons = [d.reason for d in selectors.record_facts(user=fresh(employee)).attestations_due]
    assert reasons == ["Your record changed after you last certified it."]


def test_a_deleted_row_is_a_change_too(employee, summit):
    disclosure = DisclosureFactory(individual=employee.individual)
    attestation_record(individual=employee.individual, firm=summit, answer="correct", user=employee)
    assert attest_titles(employee) == []
    disclosure.delete()
    assert attest_titles(employee) != []


def test_another_persons_change_does_not_ask_again(employee, summit):
    attestation_record(individual=employee.individual, firm=summit, answer="correct", user=employee)
    DisclosureFactory()  # someone else's record
    assert attest_titles(employee) == []


def test_asked_again_after_a_year(employee, summit):
    attestation_record(individual=employee.individual, firm=summit, answer="correct", user=employee)
    with time_machine.travel(timezone.now() + dt.timedelta(days=364), tick=False):
        assert attest_titles(employee) == []
    with time_machine.travel(timezone.now() + dt.timedelta(days=366), tick=False):
        assert attest_titles(employee) == ["Certify your record for Summit Ridge Securities"]
        reasons = [d.reason for d in selectors.record_facts(user=fresh(employee)).attestations_due]
        assert reasons == ["Your last certification is more than a year old."]


def test_attest_page_records_and_shows_history(employee_client, employee, summit):
    url = reverse("record:attest", args=[summit.crd_number])
    page = employee_client.get(url).content.decode()
    assert "Summit Ridge Securities asks you to certify your record." in page
    assert "My record is correct" in page and "My record needs to be updated" in page
    response = employee_client.post(url, {"answer": "needs_update", "comment": ""})
    assert response.status_code == 200
    assert "Tell your firm what needs to be updated." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Attestation.objects.exists()
    response = employee_client.post(url, {"answer": "needs_update", "comment": "Missing my NY AG registration."},
                                    follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("record:attestation")
    assert "Your certification was sent to Summit Ridge Securities" in body
    assert "My record needs to be updated" in body and "Missing my NY AG registration." in body
    assert "Waiting for you" not in body


def test_attest_page_for_a_firm_that_is_not_yours_is_404(employee_client):
    other = FirmFactory(crd_number=199999)
    FirmSettingsFactory(firm=other, attestation_employees=True)
    someone = VerifiedRepFactory()
    AssociationFactory(individual=someone.individual, firm=other)
    url = reverse("record:attest", args=[other.crd_number])
    assert employee_client.get(url).status_code == 404
    assert employee_client.post(url, {"answer": "correct"}).status_code == 404
    assert employee_client.get(reverse("record:attest", args=[987654])).status_code == 404
    assert not Attestation.objects.exists()


def test_history_shows_only_my_attestations(employee_client, employee, summit):
    AttestationFactory(individual=employee.individual, firm=summit, comment="")
    stranger = VerifiedRepFactory()
    AttestationFactory(individual=stranger.individual, firm=summit, answer="needs_update",
                       comment="Stranger's private comment")
    body = employee_client.get(reverse("record:attestation")).content.decode()
    assert "My record is correct" in body
    assert "Stranger&#x27;s private comment" not in body and "Stranger's private comment" not in body


def test_latest_attestation_for_the_firm_report(employee, summit):
    old = AttestationFactory(individual=employee.individual, firm=summit,
                             attested_at=timezone.now() - dt.timedelta(days=400))
    new = AttestationFactory(individual=employee.individual, firm=summit)
    assert selectors.latest_attestation(individual=employee.individual, firm=summit) == new != old
