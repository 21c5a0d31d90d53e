"""Demo data of the record pages (called by `manage.py seed_demo`, idempotent).

- "rep" (dana.rep) certified their record for Summit Ridge Securities about 13 months ago
  ("is correct"), so the dashboard asks again once the firm has attestation on for employees.
- "compliance" (casey.compliance) is also an investment adviser representative (RA) in
  Connecticut through Summit Ridge Securities: dually registered, for IAR CE.
- "former" (morgan.former) left Harbor Point 8 months ago and has not confirmed their
  residential address within the year, so the dashboard asks them to update it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from .choices import ADDRESS_CONFIRM_DAYS, AssociationKind, AttestationAnswer
from .models import Attestation, Individual, Jurisdiction, Registration, RegistrationCategory

EASTERN = ZoneInfo("America/New_York")


def seed(demo) -> None:
    rep, summit = demo.people.get("rep"), demo.firms.get("summit")
    if rep is not None and summit is not None:
        day = demo.today - dt.timedelta(days=400)
        Attestation.objects.get_or_create(
            individual=rep, firm=summit,
            attested_at=dt.datetime(day.year, day.month, day.day, 10, 30, tzinfo=EASTERN),
            defaults={"answer": AttestationAnswer.CORRECT, "association_kind": AssociationKind.EMPLOYEE,
                      "user": demo.users.get("rep")},
        )
    compliance = demo.people.get("compliance")
    if compliance is not None and summit is not None:
        since = demo.today.replace(year=demo.today.year - 3, day=1)
        Registration.objects.get_or_create(
            individual=compliance, firm=summit, category=RegistrationCategory.objects.get(code="RA"),
            jurisdiction=Jurisdiction.objects.get(code="CT"),
            defaults={"status": "approved", "status_date": since, "approved_on": since})
    former = demo.people.get("former")
    if former is not None:
        stale = demo.today - dt.timedelta(days=ADDRESS_CONFIRM_DAYS + 35)
        cutoff = demo.today - dt.timedelta(days=ADDRESS_CONFIRM_DAYS)
        Individual.objects.filter(pk=former.pk, address_confirmed_on__gt=cutoff).update(address_confirmed_on=stale)
