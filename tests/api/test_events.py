"""The apps announce firm events where they happen (finpro.events): attestation recorded, Form U4
signed and submitted, CE status changed; each becomes a webhook delivery after commit."""

import pytest
from django.utils import timezone

from api.models import WebhookDelivery
from finpro.events import FirmEvent, firm_event
from firmsettings.choices import MembershipRole
from tests import factories
from tests.firmsettings.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """The events sent after commit, as (firm_id, event, data)."""
    found = []

    def listen(sender, *, firm_id, event, data, **kwargs):
        found.append((firm_id, event, data))

    firm_event.connect(listen, dispatch_uid="tests.api.heard")
    yield found
    firm_event.disconnect(dispatch_uid="tests.api.heard")


def test_attestation_recorded(firm, heard, django_capture_on_commit_callbacks):
    from crd.services import attestation_record

    factories.FirmSettingsFactory(firm=firm, attestation_employees=True)
    rep = factories.VerifiedRepFactory()
    factories.AssociationFactory(individual=rep.individual, firm=firm)
    factories.WebhookEndpointFactory(firm=firm, events=["attestation.recorded"])
    with django_capture_on_commit_callbacks(execute=True):
        attestation = attestation_record(individual=rep.individual, firm=firm, answer="correct", user=rep)
    assert heard == [(firm.pk, FirmEvent.ATTESTATION_RECORDED, {
        "attestation_id": attestation.pk, "crd_number": rep.individual.crd_number, "answer": "correct"})]
    assert WebhookDelivery.objects.get().event_type == "attestation.recorded"


def test_u4_signed_and_submitted(firm, heard, django_capture_on_commit_callbacks, settings, tmp_path):
    from tests.u4.conftest import complete_content, save_all
    from u4 import services as u4

    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    factories.FirmSettingsFactory(firm=firm, esignature_employees=True)
    casey = MembershipFactory(firm=firm, role=MembershipRole.COMPLIANCE,
                              user=factories.UserFactory(username="casey.events")).user
    rep = factories.VerifiedRepFactory(individual=factories.IndividualFactory(first_name="Riley", last_name="Rep"))
    filing = u4.filing_create(firm=firm, user=casey, individual=rep.individual)
    save_all(filing, casey, complete_content(first_name="Riley", last_name="Rep"))
    u4.filing_send_for_signature(filing=filing, user=casey)
    with django_capture_on_commit_callbacks(execute=True):
        u4.filing_sign(filing=filing, user=rep, signature_name="Riley Rep", consent=True)
        u4.filing_submit(filing=filing, user=casey)
    crd = rep.individual.crd_number
    assert [(firm_id, event) for firm_id, event, _ in heard] == [(firm.pk, FirmEvent.U4_SIGNED),
                                                                   (firm.pk, FirmEvent.U4_SUBMITTED)]
    for (_, _, data), status in zip(heard, ("signed", "submitted"), strict=True):
        assert {k: data[k] for k in ("filing_id", "crd_number", "status", "kind")} == {
            "filing_id": filing.pk, "crd_number": crd, "status": status, "kind": "initial"}


def test_ce_status_changed(firm, heard, django_capture_on_commit_callbacks):
    from ce import services as ce
    from tests.ce.conftest import complete, make_content

    year = timezone.localdate().year
    make_content(year)
    factories.FirmSettingsFactory(firm=firm)
    rep = factories.VerifiedRepFactory()
    factories.AssociationFactory(individual=rep.individual, firm=firm)
    factories.RegistrationFactory(individual=rep.individual, firm=firm, category=factories.CategoryRef(code="GS"))
    plan = ce.learning_plan_assign(individual=rep.individual, year=year)
    with django_capture_on_commit_callbacks(execute=True):
        complete(plan.plan_modules.first())
    assert (firm.pk, FirmEvent.CE_STATUS_CHANGED, {"crd_number": rep.individual.crd_number, "year": year,
                                                   "old_status": "ce_required", "status": "in_progress"}) in heard
