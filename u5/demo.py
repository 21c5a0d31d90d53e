"""Demo data of Form U5 (called by `manage.py seed_demo` after the core and ce, idempotent).

- "leaving" (jesse.leaving): a verified rep employed at Summit Ridge Securities for three years
  (GS with FINRA, AG in New York). casey.compliance (Summit's firm admin) can file a full Form U5
  for them at /firm/104001/u5/; they then get the email, the U5 at /u5/ and the MQP banner.
- "former" (morgan.former): left Harbor Point Advisors 8 months ago; Harbor's full Form U5
  (voluntary) is on file, filed 12 days after the termination.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from crd.models import Association, Registration

LEAVING_CRD_NUMBER = 7_100_051


def _leaving(demo):
    from portal import demo as core

    spec = core.PersonSpec(
        crd_number=LEAVING_CRD_NUMBER, key="leaving", first_name="Jesse", last_name="Hartwell",
        date_of_birth=dt.date(1989, 5, 22), ssn=core.demo_ssn(123, 45, 6751),
        stints=[core.Stint("summit", "employee", core.add_months(demo.today, -37), None, ["GS", "AG"], ["NY"])])
    core._build_records(spec, demo.rng, demo.today, "NY")
    person = core._ensure_person(spec, demo, core._Refs())
    user = core._ensure_user(spec, {"username": "jesse.leaving", "verified": True}, person, demo)
    demo.people["leaving"], demo.users["leaving"] = person, user
    _account_setup(user, demo)
    # ce.demo gave every registered demo rep this year's plan before this person existed.
    from ce.services import learning_plan_assign

    learning_plan_assign(individual=person, year=demo.today.year)
    demo.add_persona(key="leaving", label="Rep about to leave (U5)", username="jesse.leaving",
                     note="Verified; employee of Summit Ridge Securities: casey.compliance files their Form U5")
    return person


def _account_setup(user, demo) -> None:
    """What accounts.demo gives every persona (it ran before this person existed)."""
    from accounts import demo as accounts_demo
    from accounts import selectors, services

    if not selectors.has_security_questions(user=user):
        services.security_questions_set(user=user, answers=accounts_demo.DEMO_ANSWERS)
    accounts_demo._ensure_profile(user, personal_phone="+12125550151")
    accounts_demo._ensure_emails_confirmed(user, today=demo.today, days_ago=60)


def _former_u5(demo) -> None:
    from .documents import filing_pdf_store
    from .models import Filing

    person = demo.people.get("former")
    harbor = demo.firms.get("harbor")
    if person is None or harbor is None or Filing.objects.filter(individual=person, firm=harbor).exists():
        return
    association = Association.objects.filter(individual=person, firm=harbor).exclude(end_date=None).first()
    if association is None:
        return
    filed_at = timezone.make_aware(dt.datetime.combine(association.end_date + dt.timedelta(days=12), dt.time(15)))
    filing = Filing.objects.create(
        firm=harbor, individual=person, kind="full", address_line1=person.address_line1, city=person.city,
        state=person.state, postal_code=person.postal_code, termination_date=association.end_date,
        reason="voluntary", disclosure_answers=dict.fromkeys(["7A", "7B", "7C", "7D", "7E", "7F"], "no"),
        acknowledgment_name="Riley Harbor-Compliance", acknowledgment_version="u5-8a-2026-1", filed_at=filed_at)
    filing.registrations.set(Registration.objects.filter(individual=person, firm=harbor))
    filing_pdf_store(filing=filing)
    filing.save(update_fields=["pdf"])


def seed(demo) -> None:
    with transaction.atomic():
        _leaving(demo)
        _former_u5(demo)
    former = demo.people.get("former")
    if former is not None:
        demo.add_persona(key="former", label="Former rep", username="morgan.former",
                         note="Verified; left Harbor Point Advisors 8 months ago (Form U5 on file), no firm now: "
                              "eligible for MQP and AG EVEP")
