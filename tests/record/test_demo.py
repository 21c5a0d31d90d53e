"""crd.demo.seed: the rep's older attestation and the former rep's stale address, idempotently."""

import datetime as dt
import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from crd import demo, mytasks
from crd.models import Attestation, Individual
from tests.factories import AssociationFactory, FirmFactory, VerifiedRepFactory

from .factories import FirmSettingsFactory

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_makes_dashboard_tasks():
    today = timezone.localdate()
    summit = FirmFactory(name="Summit Ridge Securities")
    FirmSettingsFactory(firm=summit, attestation_employees=True)
    rep, former = VerifiedRepFactory(), VerifiedRepFactory()
    AssociationFactory(individual=rep.individual, firm=summit)
    AssociationFactory(individual=former.individual, firm=FirmFactory(), start_date=dt.date(2015, 1, 1),
                       end_date=today - dt.timedelta(days=240))
    Individual.objects.filter(pk=former.individual_id).update(address_confirmed_on=today - dt.timedelta(days=30))
    data = SimpleNamespace(rng=random.Random(1), today=today, firms={"summit": summit},
                           people={"rep": rep.individual, "former": former.individual},
                           users={"rep": rep, "former": former})
    demo.seed(data)
    demo.seed(data)
    [attestation] = Attestation.objects.filter(individual=rep.individual)
    assert attestation.answer == "correct" and (today - timezone.localdate(attestation.attested_at)).days == 400
    rep_tasks = mytasks.tasks_for(type(rep).objects.get(pk=rep.pk))
    assert [t.detail for t in rep_tasks] == ["Your last certification is more than a year old."]
    former_tasks = mytasks.tasks_for(type(former).objects.get(pk=former.pk))
    assert [t.title for t in former_tasks] == ["Update your residential address"]
