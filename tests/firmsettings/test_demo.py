"""firmsettings.demo.seed against a stand-in DemoData: the promised state, and idempotent."""

import datetime as dt
import random
import sys
import types

import pytest
from django.utils import timezone

from firmsettings import demo, selectors
from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership, FirmSettingChange, FlexFundingEntry
from tests.factories import FirmFactory, VerifiedRepFactory

pytestmark = pytest.mark.django_db


class StandInDemo:
    def __init__(self):
        self.rng, self.today = random.Random(1), timezone.localdate()
        self.firms = {"summit": FirmFactory(crd_number=104001, name="Summit Ridge Securities"),
                      "harbor": FirmFactory(crd_number=104002, name="Harbor Point Advisors")}
        self.people, self.users, self.personas = {}, {"compliance": VerifiedRepFactory(username="casey.compliance")}, []

    def add_persona(self, **kw):
        self.personas.append(kw)


@pytest.fixture
def demo_data(monkeypatch):
    monkeypatch.setitem(sys.modules, "accounts.demo", types.SimpleNamespace(DEMO_PASSWORD="FinPro-demo-2026"))
    return StandInDemo()


def test_seed_builds_the_firm_personas_and_settings_and_is_idempotent(demo_data):
    demo.seed(demo_data)
    snapshot = (FirmMembership.objects.count(), FirmSettingChange.objects.count(), FlexFundingEntry.objects.count())
    demo.seed(demo_data)
    assert (FirmMembership.objects.count(), FirmSettingChange.objects.count(),
            FlexFundingEntry.objects.count()) == snapshot

    summit, harbor = demo_data.firms["summit"], demo_data.firms["harbor"]
    roles = dict(FirmMembership.objects.filter(firm=summit).values_list("user__username", "role"))
    assert roles == {"casey.compliance": MembershipRole.ADMIN, "vic.viewer": MembershipRole.VIEWER,
                     "ari.auditor": MembershipRole.COMPLIANCE}
    auditor = demo_data.users["two_firms"]
    assert auditor.individual is None
    assert set(FirmMembership.objects.filter(user=auditor).values_list("firm__name", flat=True)) == {
        "Summit Ridge Securities", "Harbor Point Advisors"}
    viewer = demo_data.users["viewer"]
    assert viewer.check_password("FinPro-demo-2026") and viewer.individual is None

    s = selectors.settings_for(firm=type(summit).objects.get(pk=summit.pk))
    assert s.attestation_employees and not s.attestation_contractors
    assert s.esignature_employees and s.esignature_contractors
    assert s.ce_firm_due_date == dt.date(demo_data.today.year, 11, 30)
    assert s.ce_reminders_enabled and s.ce_reminder_days == [60, 30, 7]
    assert selectors.flex_funding_balance_cents(firm=summit) == 50_000
    assert selectors.settings_for(firm=harbor).pk is None
    assert [p["username"] for p in demo_data.personas] == ["vic.viewer", "ari.auditor"] * 2
