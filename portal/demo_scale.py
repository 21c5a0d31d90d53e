"""`seed_demo --reps N`: a large fictitious data set for scale runs, written with bulk inserts.

Each rep gets an Individual (SSN encrypted and blind-indexed in Python), one current
association with a demo firm, SRO and state registrations, passed exams, a 10-year employment
history and a 5-year residential history: about a dozen rows per rep. Rows are built in
memory one batch at a time and written with one `bulk_create` per model per batch, each batch
in its own transaction, so the number of queries grows with the number of batches, not rows.

Scale reps have CRD# 8,000,001 upward and SSNs in area 600 (fictitious). Reps whose CRD#
already exists are skipped, so a rerun only fills in what is missing. Bulk inserts write no
change-history rows (django-simple-history); the history starts with the next edit.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from crd import models as crd
from crd.choices import SRO, AssociationKind, EmploymentKind, ExamOutcome, FirmKind, RegistrationStatus
from finpro import encryption

from .demo import (
    FIRST_NAMES,
    LAST_NAMES,
    MIDDLE_INITIALS,
    OTHER_EMPLOYERS,
    PLACES,
    STREET_KINDS,
    STREETS,
    DemoData,
    add_months,
    add_years,
)

SCALE_CRD_BASE = 8_000_000
DEFAULT_BATCH = 5000


def scale_ssn(i: int) -> str:
    """The i-th scale SSN: area 600 upward, group and serial never zero (65 million values)."""
    block, serial = divmod(i, 9999)
    area, group = divmod(block, 99)
    return f"{600 + area:03d}{group + 1:02d}{serial + 1:04d}"


@dataclass
class ScaleResult:
    reps: int
    skipped: int
    rows: int
    batches: int
    seconds: float


def seed_scale(*, demo: DemoData, reps: int, batch_size: int = DEFAULT_BATCH, seed: int = 7,
               progress: Callable[[int, int], None] | None = None) -> ScaleResult:
    """Create `reps` scale reps (those not there yet); `progress(done, total)` after each batch."""
    started = time.monotonic()
    rng = random.Random(seed)
    today = demo.today
    firms = list(demo.firms.values())
    categories = {c.code: c for c in crd.RegistrationCategory.objects.filter(code__in=["GS", "IR", "AG", "RA"])}
    exams = {e.code: e for e in crd.Exam.objects.filter(code__in=["SIE", "S6", "S7", "S63", "S65"])}
    jurisdictions = {j.code: j for j in crd.Jurisdiction.objects.filter(code__in={p[1] for p in PLACES})}
    existing = set(
        crd.Individual.objects.filter(crd_number__gt=SCALE_CRD_BASE, crd_number__lte=SCALE_CRD_BASE + reps)
        .values_list("crd_number", flat=True)
    )
    todo = [i for i in range(reps) if SCALE_CRD_BASE + 1 + i not in existing]
    rows = batches = 0

    for offset in range(0, len(todo), batch_size):
        chunk = todo[offset:offset + batch_size]
        people, plans = [], []
        for i in chunk:
            ssn = scale_ssn(i)
            city, state, postal = rng.choice(PLACES)
            street = f"{rng.randint(11, 1899)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
            person = crd.Individual(
                crd_number=SCALE_CRD_BASE + 1 + i, first_name=rng.choice(FIRST_NAMES),
                middle_name=rng.choice(MIDDLE_INITIALS), last_name=rng.choice(LAST_NAMES),
                date_of_birth=dt.date(rng.randint(1960, 2001), rng.randint(1, 12), rng.randint(1, 28)),
                address_line1=street, city=city, state=state, postal_code=postal, country="US",
                has_no_ssn=False, ssn_ciphertext=encryption.encrypt(ssn), ssn_index=encryption.blind_index(ssn),
                ssn_last4=ssn[-4:],
            )
            people.append(person)
            plans.append((rng.choice(firms), add_months(today, -rng.randint(2, 118)), state, street, city, postal))

        with transaction.atomic():
            crd.Individual.objects.bulk_create(people)
            assoc, regs, results, jobs, homes = [], [], [], [], []
            for person, (firm, start, state, street, city, postal) in zip(people, plans, strict=True):
                kind = AssociationKind.INDEPENDENT_CONTRACTOR if rng.random() < 0.2 else AssociationKind.EMPLOYEE
                assoc.append(crd.Association(individual=person, firm=firm, kind=kind, start_date=start))
                approved = min(start + dt.timedelta(days=rng.randint(10, 40)), today)
                rep_cat, rep_exam = ("IR", "S6") if rng.random() < 0.25 else ("GS", "S7")
                reg = {"individual": person, "firm": firm, "status": RegistrationStatus.APPROVED,
                       "status_date": approved, "approved_on": approved}
                regs.append(crd.Registration(category=categories[rep_cat], sro=SRO.FINRA, **reg))
                regs.append(crd.Registration(category=categories["AG"], jurisdiction=jurisdictions[state], **reg))
                taken = start - dt.timedelta(days=rng.randint(20, 90))
                exam_codes = ["SIE", rep_exam, "S63"]
                if firm.kind != FirmKind.BROKER_DEALER:
                    regs.append(crd.Registration(category=categories["RA"], jurisdiction=jurisdictions[state], **reg))
                    exam_codes.append("S65")
                for n, code in enumerate(exam_codes):
                    on = taken - dt.timedelta(days=30 * (len(exam_codes) - n))
                    results.append(crd.ExamResult(
                        individual=person, exam=exams[code], taken_on=on, outcome=ExamOutcome.PASSED,
                        score=rng.randint(70, 96), valid_until=add_years(on, 4) if code == "SIE" else None))
                jobs.append(crd.EmploymentHistory(
                    individual=person, kind=EmploymentKind.FULL_TIME, employer_name=firm.name,
                    position="Registered Representative", city=firm.main_office_city, state=firm.main_office_state,
                    investment_related=True, start_date=start))
                end = start - dt.timedelta(days=1)
                while end >= add_years(today, -10):
                    e_kind, employer, position = rng.choice(OTHER_EMPLOYERS)
                    begin = add_months(end, -rng.randint(24, 60))
                    jobs.append(crd.EmploymentHistory(
                        individual=person, kind=e_kind, employer_name=employer, position=position,
                        city=city if employer else "", state=state if employer else "", start_date=begin,
                        end_date=end))
                    end = begin - dt.timedelta(days=1)
                moved_in = add_months(today, -rng.randint(6, 40))
                homes.append(crd.ResidenceHistory(individual=person, address_line1=street, city=city, state=state,
                                                  postal_code=postal, from_date=moved_in))
                p_city, p_state, p_postal = rng.choice(PLACES)
                homes.append(crd.ResidenceHistory(
                    individual=person, address_line1=f"{rng.randint(11, 1899)} {rng.choice(STREETS)} Street",
                    city=p_city, state=p_state, postal_code=p_postal, from_date=add_years(today, -6),
                    to_date=moved_in - dt.timedelta(days=1)))
            for model, objs in ((crd.Association, assoc), (crd.Registration, regs), (crd.ExamResult, results),
                                (crd.EmploymentHistory, jobs), (crd.ResidenceHistory, homes)):
                model.objects.bulk_create(objs)
            rows += len(people) + len(assoc) + len(regs) + len(results) + len(jobs) + len(homes)
        batches += 1
        if progress:
            progress(offset + len(chunk), len(todo))

    return ScaleResult(reps=len(todo), skipped=reps - len(todo), rows=rows, batches=batches,
                       seconds=time.monotonic() - started)

