"""Demo data of exams (called by `manage.py seed_demo` after the other apps; idempotent).

- A dozen fictitious test centers in ten states and five time zones, each with sessions over the
  next ~150 days (two sittings on two weekdays a week); seats partly taken, some sessions nearly
  full, a few full.
- The persona "exam_candidate" (riley.candidate): a new hire at Summit Ridge Securities whose GS
  and NY agent registrations are Pending. Summit's Form U4 requested the Series 7, so an Open
  Series 7 window closes in about 100 days: sign in, Exams → Schedule your exam. She passed the
  SIE already; any persona without a valid SIE (e.g. pat.phone once verified) may enroll in it.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.db import transaction

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.demo import DEMO_ANSWERS, _ensure_emails_confirmed, _ensure_profile
from crd.choices import AssociationKind, RegistrationStatus
from crd.models import Exam
from portal.demo import (
    PERSONA_CRD_BASE,
    SEED,
    PersonSpec,
    Stint,
    _build_records,
    _ensure_person,
    _ensure_user,
    _Refs,
    demo_ssn,
)

from . import services
from .models import ExamSession, ExamWindow, TestCenter

# code, name, street, city, state, ZIP (real city/ZIP pairs, made-up streets), IANA time zone
CENTERS = [
    ("TC-NYC1", "Midtown Exam Center", "410 W 37th Street, 6th Floor", "New York", "NY", "10018", "America/New_York"),
    ("TC-NYC2", "Lower Manhattan Testing Suites", "88 Pearl Row, Suite 1200", "New York", "NY", "10004",
     "America/New_York"),
    ("TC-JC", "Hudson Waterfront Test Center", "30 Exchange Landing", "Jersey City", "NJ", "07302",
     "America/New_York"),
    ("TC-STM", "Stamford Professional Testing", "1 Landmark Quarry Road", "Stamford", "CT", "06901",
     "America/New_York"),
    ("TC-BOS", "Back Bay Assessment Center", "200 Clarendon Court", "Boston", "MA", "02116", "America/New_York"),
    ("TC-PHL", "Center City Testing Rooms", "1600 Juniper Street", "Philadelphia", "PA", "19103",
     "America/New_York"),
    ("TC-ATL", "Peachtree Test Center", "75 Linden Avenue NE", "Atlanta", "GA", "30303", "America/New_York"),
    ("TC-CHI", "Lakefront Testing Center", "233 Wacker Orchard, Suite 500", "Chicago", "IL", "60601",
     "America/Chicago"),
    ("TC-AUS", "Capitol Exam Rooms", "600 Congress Meadow", "Austin", "TX", "78701", "America/Chicago"),
    ("TC-DEN", "Front Range Testing", "1700 Aspen Street", "Denver", "CO", "80202", "America/Denver"),
    ("TC-PHX", "Desert Ridge Exam Center", "2 Sycamore Plaza", "Phoenix", "AZ", "85004", "America/Phoenix"),
    ("TC-SEA", "Elliott Bay Test Center", "1201 Birch Avenue", "Seattle", "WA", "98101", "America/Los_Angeles"),
]
SESSION_DAYS = 150
SITTINGS = (dt.time(8, 30), dt.time(13, 0))

CANDIDATE_KEY = "exam_candidate"
CANDIDATE_USERNAME = "riley.candidate"
CANDIDATE_CRD = PERSONA_CRD_BASE + 50
CANDIDATE_PHONE = "+12125550120"
CANDIDATE_WINDOW_AGE_DAYS = 20


def seed_centers(*, today: dt.date, rng: random.Random) -> int:
    """The centers that are missing, each with its sessions from tomorrow on. Returns sessions made."""
    made = 0
    for code, name, street, city, state, zip_code, zone in CENTERS:
        if TestCenter.objects.filter(code=code).exists():
            continue
        center = TestCenter.objects.create(code=code, name=name, address_line1=street, city=city, state=state,
                                           postal_code=zip_code, time_zone=zone)
        weekdays = sorted(rng.sample(range(5), 2))
        sessions = []
        for offset in range(1, SESSION_DAYS + 1):
            day = today + dt.timedelta(days=offset)
            if day.weekday() not in weekdays:
                continue
            for sitting in SITTINGS:
                capacity = rng.choice([8, 12, 16, 20])
                roll = rng.random()
                taken = (capacity if roll < 0.08 else capacity - 1 if roll < 0.25
                         else rng.randint(0, capacity - 2))
                sessions.append(ExamSession(
                    center=center, capacity=capacity, seats_taken=taken,
                    starts_at=dt.datetime.combine(day, sitting, tzinfo=zoneinfo.ZoneInfo(zone))))
        ExamSession.objects.bulk_create(sessions)
        made += len(sessions)
    return made


def _ensure_candidate(demo):
    today = demo.today
    spec = PersonSpec(crd_number=CANDIDATE_CRD, key=CANDIDATE_KEY, first_name="Riley", middle_name="K.",
                      last_name="Quintero", date_of_birth=dt.date(1998, 4, 22), ssn=demo_ssn(123, 45, 6750),
                      stints=[Stint("summit", AssociationKind.EMPLOYEE, today - dt.timedelta(days=25), None,
                                    ["GS", "AG"], ["NY"], status=RegistrationStatus.PENDING)])
    _build_records(spec, random.Random(SEED + 50), today, "NY")
    spec.exams = [e for e in spec.exams if e["exam"] != "S7"]  # the exam she is about to take
    person = _ensure_person(spec, demo, _Refs())
    user = _ensure_user(spec, {"username": CANDIDATE_USERNAME, "verified": True}, person, demo)
    if not account_selectors.has_security_questions(user=user):
        account_services.security_questions_set(user=user, answers=DEMO_ANSWERS)
    _ensure_profile(user, personal_phone=CANDIDATE_PHONE)
    _ensure_emails_confirmed(user, today=today, days_ago=60)
    demo.people[CANDIDATE_KEY], demo.users[CANDIDATE_KEY] = person, user
    return person


def seed(demo) -> None:
    with transaction.atomic():
        seed_centers(today=demo.today, rng=demo.rng)
        person = _ensure_candidate(demo)
        if not ExamWindow.objects.filter(individual=person).exists():
            services.window_open(individual=person, exam=Exam.objects.get(code="S7"), firm=demo.firms["summit"],
                                 today=demo.today - dt.timedelta(days=CANDIDATE_WINDOW_AGE_DAYS))
    demo.add_persona(key=CANDIDATE_KEY, label="Exam candidate (new hire)", username=CANDIDATE_USERNAME,
                     note="Verified; new at Summit Ridge Securities, GS pending; Exams → schedule the Series 7 "
                          "(window open, closes in about 100 days); .ics download, reschedule, cancel")
