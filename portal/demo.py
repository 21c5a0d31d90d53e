"""Demo data: fictitious firms, people with full CRD records, and the personas a newcomer
signs in as. `manage.py seed_demo` runs `seed_core()` and then `seed(demo)` of each app's
optional `<app>/demo.py` (accounts, identity, crd, firmsettings, in that order).

Everything here is invented: firm names, people, addresses, CRD numbers and SSNs. Demo SSNs
use area 123 (personas and the small crowd) and area 600 (scale runs, see portal.demo_scale):
valid by the SSN rules, obviously not real.

Deterministic: all data is generated from a seeded random.Random before anything is written,
so the generator is consumed the same way on every run and `demo.rng` hands app seeders the
same state each time. Idempotent: firms, people and users are looked up by CRD# / User ID;
a person already in the database is left exactly as it is (records included).
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, EMAIL_DOMAIN
from crd.choices import (
    SRO,
    AssociationKind,
    DisclosureKind,
    DisclosureStatus,
    EmploymentKind,
    ExamOutcome,
    FirmKind,
    RegistrationStatus,
)

SEED = 2026
APP_SEEDERS = ("accounts", "identity", "crd", "firmsettings", "ce", "u4", "exams", "u5", "programs", "reports",
               "api")  # api last: its demo endpoint

PERSONA_CRD_BASE = 7_100_000
CROWD_CRD_BASE = 7_200_000


@dataclass
class Persona:
    key: str
    label: str
    username: str
    note: str


class DemoData:
    """What the core seed built, handed to each app's `seed(demo)`."""

    def __init__(self, *, today: dt.date, seed: int = SEED):
        self.rng = random.Random(seed)
        self.today = today
        self.firms: dict = {}
        self.people: dict = {}
        self.users: dict = {}
        self.personas: list[Persona] = []

    def add_persona(self, *, key: str, label: str, username: str, note: str) -> None:
        """Add a persona to the table printed at the end (a second call with the same key
        replaces the first, so an app seeder may refine the note of a core persona)."""
        persona = Persona(key=key, label=label, username=username, note=note)
        for i, existing in enumerate(self.personas):
            if existing.key == key:
                self.personas[i] = persona
                return
        self.personas.append(persona)


# ---------------------------------------------------------------------------------------------
# Fixed, fictitious reference material

FIRMS = [
    # key, CRD#, name, kind, city, state
    ("summit", 104001, "Summit Ridge Securities", FirmKind.BROKER_DEALER, "Stamford", "CT"),
    ("harbor", 104002, "Harbor Point Advisors", FirmKind.BOTH, "Boston", "MA"),
    ("cedar", 104003, "Cedar Lane Wealth Partners", FirmKind.INVESTMENT_ADVISER, "Denver", "CO"),
    ("granite", 104004, "Granite Bay Capital Markets", FirmKind.BROKER_DEALER, "Charlotte", "NC"),
    ("northwind", 104005, "Northwind Brokerage Services", FirmKind.BROKER_DEALER, "Minneapolis", "MN"),
]

# Real city/ZIP pairs (so ZIP checks pass); every street address is made up.
PLACES = [
    ("New York", "NY", "10118"), ("Jersey City", "NJ", "07302"), ("Stamford", "CT", "06901"),
    ("Boston", "MA", "02108"), ("Philadelphia", "PA", "19103"), ("Chicago", "IL", "60601"),
    ("Denver", "CO", "80202"), ("Austin", "TX", "78701"), ("Charlotte", "NC", "28202"),
    ("Atlanta", "GA", "30303"), ("Seattle", "WA", "98101"), ("Portland", "OR", "97204"),
    ("San Diego", "CA", "92101"), ("Minneapolis", "MN", "55401"), ("Columbus", "OH", "43215"),
]
STREETS = ["Maple", "Willow", "Orchard", "Lakeview", "Birch", "Juniper", "Meadow", "Harbor", "Quarry", "Aspen",
           "Chestnut", "Hillcrest", "Sycamore", "Linden", "Riverside", "Elm"]
STREET_KINDS = ["Street", "Avenue", "Lane", "Road", "Court", "Drive"]
FIRST_NAMES = ["Alex", "Bailey", "Cameron", "Devon", "Emerson", "Finley", "Harper", "Jamie", "Kendall", "Logan",
               "Marlowe", "Noel", "Parker", "Reese", "Rowan", "Skyler", "Taylor", "Wren", "Jordan", "Hayden",
               "Elliot", "Sasha", "Robin", "Ainsley"]
LAST_NAMES = ["Abernathy", "Brightwater", "Castellano", "Dunmore", "Everhart", "Fairweather", "Galloway",
              "Hollingsworth", "Iverson", "Jablonski", "Kingsley", "Lindqvist", "Marchetti", "Northcott",
              "Okonkwo", "Pemberton", "Quintero", "Ravenscroft", "Stroud", "Thorne", "Underhill", "Vasquez",
              "Whitcombe", "Yarborough"]
MIDDLE_INITIALS = ["", "A.", "B.", "J.", "L.", "M.", "R.", "T."]

OTHER_EMPLOYERS = [
    (EmploymentKind.PART_TIME, "Riverbend Community Library", "Library Assistant"),
    (EmploymentKind.PART_TIME, "Copper Kettle Cafe", "Shift Supervisor"),
    (EmploymentKind.FULL_TIME, "Bluestem Insurance Agency", "Customer Service Representative"),
    (EmploymentKind.FULL_TIME, "Tall Pines Regional Bank", "Personal Banker"),
    (EmploymentKind.SELF_EMPLOYED, "Self-employed", "Bookkeeping consultant"),
    (EmploymentKind.MILITARY, "United States Army Reserve", "Logistics Specialist"),
    (EmploymentKind.EDUCATION, "Lakeshore State University", "Student, B.S. Finance"),
    (EmploymentKind.EDUCATION, "Eastbrook College", "Student, MBA program"),
    (EmploymentKind.UNEMPLOYED, "", ""),
]

# The exams that qualify each registration category (first choice only).
CATEGORY_EXAMS = {
    "GS": ["SIE", "S7"], "IR": ["SIE", "S6"], "DR": ["SIE", "S22"], "IB": ["SIE", "S79"], "GP": ["S24"],
    "IP": ["S26"], "FN": ["S27"], "FI": ["S28"], "MP": ["S53"], "CR": ["S14"], "AG": ["S63"], "RA": ["S65"],
    "OP": ["S4"], "OS": ["S99"], "TD": ["SIE", "S57"], "RS": ["S86", "S87"],
}
STATE_CATEGORIES = {"AG", "RA"}
POSITIONS = {"GP": "Branch Manager", "CR": "Chief Compliance Officer", "RA": "Investment Adviser Representative",
             "IR": "Financial Representative"}


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by a number of months (negative: back), the day clamped to 28."""
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, min(day.day, 28))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def demo_ssn(area: int, group: int, serial: int) -> str:
    return f"{area:03d}{group:02d}{serial:04d}"


def email_for(username: str) -> str:
    return f"{username}@{EMAIL_DOMAIN}"


# ---------------------------------------------------------------------------------------------
# Specs: plain data, generated before anything is written

@dataclass
class Stint:
    """An association with a firm and the registrations held through it."""

    firm_key: str
    kind: str
    start: dt.date
    end: dt.date | None
    categories: list[str]
    states: list[str]
    status: str = ""  # overrides approved/terminated (pending, CE inactive)


@dataclass
class PersonSpec:
    crd_number: int
    first_name: str
    last_name: str
    ssn: str | None
    date_of_birth: dt.date
    middle_name: str = ""
    suffix: str = ""
    key: str = ""
    stints: list[Stint] = field(default_factory=list)
    disclosures: list[dict] = field(default_factory=list)
    # filled by _build_records
    address: dict = field(default_factory=dict)
    registrations: list[dict] = field(default_factory=list)
    exams: list[dict] = field(default_factory=list)
    employment: list[dict] = field(default_factory=list)
    residences: list[dict] = field(default_factory=list)


def _street(rng: random.Random) -> str:
    return f"{rng.randint(11, 1899)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"


def _place(rng: random.Random, state: str | None = None) -> tuple[str, str, str]:
    if state:
        for place in PLACES:
            if place[1] == state:
                return place
    return rng.choice(PLACES)


def _build_records(spec: PersonSpec, rng: random.Random, today: dt.date, home_state: str | None) -> None:
    """Fill address, registrations, exams, 10-year employment and 5-year residences."""
    firm_names = {key: name for key, _crd, name, *_ in FIRMS}
    city, state, postal = _place(rng, home_state)

    # Residences: current since 1-4 years ago, earlier ones back past 5 years.
    moved_in = add_months(today, -rng.randint(12, 48))
    spec.address = {"address_line1": _street(rng), "address_line2": rng.choice(["", "", f"Apt {rng.randint(2, 40)}"]),
                    "city": city, "state": state, "postal_code": postal, "country": "US"}
    spec.residences = [{"address_line1": spec.address["address_line1"], "city": city, "state": state,
                        "postal_code": postal, "from_date": moved_in, "to_date": None}]
    horizon = add_years(today, -5)
    to_date = moved_in - dt.timedelta(days=1)
    while to_date >= horizon:
        p_city, p_state, p_postal = _place(rng)
        from_date = add_months(to_date, -rng.randint(18, 40))
        spec.residences.append({"address_line1": _street(rng), "city": p_city, "state": p_state,
                                "postal_code": p_postal, "from_date": from_date, "to_date": to_date})
        to_date = from_date - dt.timedelta(days=1)

    # Registrations, one per category and regulator per stint.
    first_needed: dict[str, dt.date] = {}
    held: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for stint in spec.stints:
        approved = min(stint.start + dt.timedelta(days=rng.randint(10, 40)), today)
        for category in stint.categories:
            regulators = [("", s) for s in stint.states] if category in STATE_CATEGORIES else [(SRO.FINRA, "")]
            for sro, jurisdiction in regulators:
                reg = {"firm_key": stint.firm_key, "category": category, "sro": sro, "jurisdiction": jurisdiction,
                       "approved_on": approved, "terminated_on": None, "status": RegistrationStatus.APPROVED,
                       "status_date": approved}
                if stint.end:
                    reg.update(status=RegistrationStatus.TERMINATED, terminated_on=stint.end, status_date=stint.end)
                elif stint.status == RegistrationStatus.PENDING:
                    reg.update(status=RegistrationStatus.PENDING, approved_on=None, status_date=stint.start)
                elif stint.status == RegistrationStatus.CE_INACTIVE and not jurisdiction:
                    reg.update(status=RegistrationStatus.CE_INACTIVE, status_date=dt.date(today.year, 1, 1))
                spec.registrations.append(reg)
            for exam in CATEGORY_EXAMS[category]:
                first_needed.setdefault(exam, stint.start)
                held.setdefault(exam, []).append((stint.start, stint.end))

    # Exams: each once, before the first registration needing it; sometimes a failed try first.
    for exam, needed in first_needed.items():
        taken = needed - dt.timedelta(days=rng.randint(20, 120) + (150 if exam == "SIE" else 0))
        if exam == "S7" and rng.random() < 0.3:
            spec.exams.append({"exam": exam, "taken_on": taken - dt.timedelta(days=rng.randint(35, 70)),
                               "outcome": ExamOutcome.FAILED, "score": rng.randint(58, 69), "valid_until": None})
        periods = held[exam]
        if exam == "SIE":
            valid_until = add_years(taken, 4)
        elif any(end is None for _start, end in periods):
            valid_until = None  # valid while the registration lasts
        else:
            valid_until = add_years(max(end for _start, end in periods), 2)
        spec.exams.append({"exam": exam, "taken_on": taken, "outcome": ExamOutcome.PASSED,
                           "score": rng.randint(70, 96), "valid_until": valid_until})

    # Employment: the stints (most recent first), then other work back past 10 years.
    entries = []
    for stint in sorted(spec.stints, key=lambda s: s.start, reverse=True):
        top = next((POSITIONS[c] for c in stint.categories if c in POSITIONS), "Registered Representative")
        firm_city, firm_state = next((c, s) for k, _n, _nm, _kind, c, s in FIRMS if k == stint.firm_key)
        entries.append({"kind": EmploymentKind.FULL_TIME, "employer_name": firm_names[stint.firm_key],
                        "position": "Independent Registered Representative" if stint.kind == AssociationKind.
                        INDEPENDENT_CONTRACTOR else top, "city": firm_city, "state": firm_state,
                        "investment_related": True, "start_date": stint.start, "end_date": stint.end})
    for later, earlier in itertools.pairwise(list(entries)):  # a gap between firms
        if earlier["end_date"] and (later["start_date"] - earlier["end_date"]).days > 1:
            entries.insert(entries.index(earlier), {
                "kind": EmploymentKind.UNEMPLOYED, "employer_name": "", "position": "", "city": "", "state": "",
                "investment_related": False, "start_date": earlier["end_date"] + dt.timedelta(days=1),
                "end_date": later["start_date"] - dt.timedelta(days=1)})
    oldest = min((e["start_date"] for e in entries), default=today)
    newest_end = max((e["end_date"] or today for e in entries), default=None)
    if entries and newest_end and newest_end < today - dt.timedelta(days=30):
        kind, employer, position = OTHER_EMPLOYERS[0]  # after leaving the industry
        entries.insert(0, {"kind": kind, "employer_name": employer, "position": position, "city": city,
                           "state": state, "investment_related": False,
                           "start_date": newest_end + dt.timedelta(days=1), "end_date": None})
    horizon = add_years(today, -10)
    end = oldest - dt.timedelta(days=1)
    while end >= horizon:
        kind, employer, position = rng.choice(OTHER_EMPLOYERS)
        start = add_months(end, -rng.randint(8, 40))
        e_city, e_state, _ = _place(rng)
        entries.append({"kind": kind, "employer_name": employer, "position": position,
                        "city": e_city if employer else "", "state": e_state if employer else "",
                        "investment_related": employer == "Tall Pines Regional Bank", "start_date": start,
                        "end_date": end})
        end = start - dt.timedelta(days=1)
    spec.employment = entries


def _persona_specs(rng: random.Random, today: dt.date) -> list[tuple[PersonSpec, dict]]:
    """The personas: (spec, account) where account is None for people without a FinPro account."""
    years_ago = lambda n, m=0: add_months(today, -(12 * n + m))  # noqa: E731
    employee, contractor = AssociationKind.EMPLOYEE, AssociationKind.INDEPENDENT_CONTRACTOR
    rows = [
        # key, first, middle, last, DOB, SSN serial (None: no SSN), home state, stints, account
        ("rep", "Dana", "M.", "Ellison", dt.date(1988, 6, 14), 6701, "NY",
         [Stint("granite", employee, years_ago(9, 2), years_ago(5, 1), ["GS"], ["NC", "NY"]),
          Stint("summit", employee, years_ago(5), None, ["GS", "IR", "AG"], ["NY", "NJ", "CT"])],
         {"username": "dana.rep", "verified": True, "label": "Rep (employee)",
          "note": "Verified; employee of Summit Ridge Securities; full CRD record"}),
        ("contractor", "Chris", "", "Calloway", dt.date(1979, 11, 3), 6702, "PA",
         [Stint("summit", contractor, years_ago(7, 6), None, ["GS", "AG"], ["PA", "NJ", "DE"])],
         {"username": "chris.contractor", "verified": True, "label": "Rep (independent contractor)",
          "note": "Verified; independent contractor at Summit Ridge Securities; one customer complaint"}),
        ("former", "Morgan", "T.", "Fairbanks", dt.date(1984, 2, 27), 6703, "MA",
         [Stint("harbor", employee, years_ago(6, 3), add_months(today, -8), ["GS", "AG", "RA"], ["MA", "NH"])],
         {"username": "morgan.former", "verified": True, "label": "Former rep",
          "note": "Verified; left Harbor Point Advisors 8 months ago, with no firm now"}),
        ("compliance", "Casey", "", "Moreno", dt.date(1975, 9, 9), 6704, "CT",
         [Stint("summit", employee, years_ago(12), None, ["GS", "GP", "CR", "AG"], ["CT", "NY"])],
         {"username": "casey.compliance", "verified": True, "label": "Firm admin (Summit) and rep",
          "note": "Verified; compliance officer employed at Summit Ridge Securities, its firm admin"}),
        ("new_ssn", "Avery", "J.", "Lindgren", dt.date(1991, 2, 11), 6705, "MA",
         [Stint("harbor", employee, years_ago(3, 4), None, ["GS", "AG"], ["MA"])], None),
        ("new_no_ssn", "Noor", "", "Haddad", dt.date(1993, 8, 21), None, "IL",
         [Stint("northwind", employee, years_ago(2, 1), None, ["IR", "AG"], ["IL", "MN"])], None),
        ("verify_phone", "Pat", "", "Okafor", dt.date(1986, 4, 5), 6707, "GA",
         [Stint("harbor", employee, years_ago(4), None, ["GS", "AG"], ["GA", "MA"])],
         {"username": "pat.phone", "verified": False, "label": "Identity: passcode to phone",
          "note": "Not verified: the bureau has a phone for this person (passcode)"}),
        ("verify_questions", "Quinn", "R.", "Delgado", dt.date(1990, 12, 19), 6708, "TX",
         [Stint("granite", employee, years_ago(3), None, ["GS", "AG"], ["TX", "NC"])],
         {"username": "quinn.questions", "verified": False, "label": "Identity: knowledge questions",
          "note": "Not verified: no phone on file; answers questions from the bureau's file"}),
        ("verify_support", "Sam", "", "Whitaker", dt.date(1982, 7, 30), 6709, "OH",
         [Stint("northwind", employee, years_ago(6), None, ["GS", "AG"], ["OH"])],
         {"username": "sam.support", "verified": False, "label": "Identity: call support",
          "note": "Not verified: no option at the bureau; must call the support center"}),
        ("verify_multiparty", "Mel", "", "Tanaka", dt.date(1987, 3, 16), 6710, "WA",
         [Stint("cedar", employee, years_ago(5, 5), None, ["RA"], ["WA", "CO"])],
         {"username": "mel.multiparty", "verified": False, "label": "Identity: shared phone",
          "note": "Not verified: phone on file is shared with others (falls back to questions)"}),
        ("verify_locked", "Lee", "", "Brennan", dt.date(1985, 10, 1), 6711, "CA",
         [Stint("granite", contractor, years_ago(2, 8), None, ["GS", "AG"], ["CA", "OR"])],
         {"username": "lee.locked", "verified": False, "label": "Identity: locked out",
          "note": "Not verified: too many failed verification attempts"}),
    ]
    specs = []
    for n, (key, first, middle, last, dob, serial, state, stints, account) in enumerate(rows, start=1):
        spec = PersonSpec(crd_number=PERSONA_CRD_BASE + n, key=key, first_name=first, middle_name=middle,
                          last_name=last, date_of_birth=dob, stints=stints,
                          ssn=demo_ssn(123, 45, serial) if serial else None)
        if key == "contractor":
            spec.disclosures.append({
                "kind": DisclosureKind.CUSTOMER_COMPLAINT, "event_date": add_months(today, -30),
                "summary": "A customer alleged that a variable annuity exchange was unsuitable. "
                           "Settled for $6,200 without admitting the allegation.",
                "status": DisclosureStatus.SETTLED, "reported_on": add_months(today, -29)})
        _build_records(spec, rng, today, state)
        specs.append((spec, account))
    return specs


CROWD = [("summit", 10), ("harbor", 8), ("cedar", 5), ("granite", 5), ("northwind", 4)]
CROWD_DISCLOSURES = [
    (DisclosureKind.FINANCIAL, DisclosureStatus.RESOLVED, "Chapter 7 bankruptcy petition; discharged."),
    (DisclosureKind.REGULATORY, DisclosureStatus.FINAL,
     "State securities regulator fined the person $2,500 for acting as an agent before registration."),
    (DisclosureKind.JUDGMENT_LIEN, DisclosureStatus.RESOLVED, "State tax lien of $3,140; paid and released."),
    (DisclosureKind.CRIMINAL, DisclosureStatus.FINAL,
     "Misdemeanor charge of passing a bad check; pled no contest, fined $300."),
]


def _crowd_specs(rng: random.Random, today: dt.date) -> list[PersonSpec]:
    """Ordinary people at each firm, so rosters and reports have something to show."""
    kinds = {key: kind for key, _crd, _name, kind, *_ in FIRMS}
    specs, n = [], 0
    for firm_key, count in CROWD:
        for _ in range(count):
            n += 1
            state = rng.choice(PLACES)[1]
            start = add_months(today, -rng.randint(3, 110))
            if kinds[firm_key] == FirmKind.INVESTMENT_ADVISER:
                categories = ["RA"]
            else:
                categories = rng.choice([["GS", "AG"], ["GS", "AG"], ["IR", "AG"], ["GS", "OP", "AG"]])
                if kinds[firm_key] == FirmKind.BOTH and rng.random() < 0.5:
                    categories.append("RA")
            status = ""
            if n % 11 == 0:
                status, start = RegistrationStatus.PENDING, today - dt.timedelta(days=rng.randint(5, 25))
            elif n % 13 == 0:
                status = RegistrationStatus.CE_INACTIVE
            kind = AssociationKind.INDEPENDENT_CONTRACTOR if rng.random() < 0.25 else AssociationKind.EMPLOYEE
            stints = [Stint(firm_key, kind, start, None, categories, sorted({state, rng.choice(PLACES)[1]}), status)]
            spec = PersonSpec(
                crd_number=CROWD_CRD_BASE + n, first_name=rng.choice(FIRST_NAMES), last_name=rng.choice(LAST_NAMES),
                middle_name=rng.choice(MIDDLE_INITIALS), suffix=rng.choice(["", "", "", "", "", "", "Jr.", "III"]),
                ssn=demo_ssn(123, 46, n), date_of_birth=dt.date(rng.randint(1962, 1999), rng.randint(1, 12),
                                                                 rng.randint(1, 28)), stints=stints)
            if n % 8 == 3:
                kind_, status_, summary = CROWD_DISCLOSURES[(n // 8) % len(CROWD_DISCLOSURES)]
                event = add_months(today, -rng.randint(14, 100))
                spec.disclosures.append({"kind": kind_, "event_date": event, "summary": summary, "status": status_,
                                         "reported_on": event + dt.timedelta(days=rng.randint(5, 25))})
            _build_records(spec, rng, today, state)
            specs.append(spec)
    return specs


# ---------------------------------------------------------------------------------------------
# Writing

class _Refs:
    """Reference rows by code (3 queries)."""

    def __init__(self):
        from crd.models import Exam, Jurisdiction, RegistrationCategory

        self.categories = {c.code: c for c in RegistrationCategory.objects.all()}
        self.exams = {e.code: e for e in Exam.objects.all()}
        self.jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}


def _ensure_firms(demo: DemoData) -> None:
    from crd.models import Firm

    for key, crd_number, name, kind, city, state in FIRMS:
        firm = Firm.objects.filter(crd_number=crd_number).first()
        if firm is None:
            firm = Firm.objects.create(crd_number=crd_number, name=name, kind=kind, main_office_city=city,
                                       main_office_state=state)
        demo.firms[key] = firm


def _ensure_person(spec: PersonSpec, demo: DemoData, refs: _Refs):
    """The Individual with spec.crd_number; created with all its records if missing."""
    from crd import models as crd

    existing = crd.Individual.objects.filter(crd_number=spec.crd_number).first()
    if existing is not None:
        return existing
    person = crd.Individual(crd_number=spec.crd_number, first_name=spec.first_name, middle_name=spec.middle_name,
                            last_name=spec.last_name, suffix=spec.suffix, date_of_birth=spec.date_of_birth,
                            address_confirmed_on=demo.today - dt.timedelta(days=90), **spec.address)
    person.set_ssn(spec.ssn)
    person.save()
    for stint in spec.stints:
        crd.Association.objects.create(individual=person, firm=demo.firms[stint.firm_key], kind=stint.kind,
                                       start_date=stint.start, end_date=stint.end)
    for reg in spec.registrations:
        crd.Registration.objects.create(
            individual=person, firm=demo.firms[reg["firm_key"]], category=refs.categories[reg["category"]],
            sro=reg["sro"], jurisdiction=refs.jurisdictions.get(reg["jurisdiction"]), status=reg["status"],
            status_date=reg["status_date"], approved_on=reg["approved_on"], terminated_on=reg["terminated_on"])
    for exam in spec.exams:
        crd.ExamResult.objects.create(individual=person, **{**exam, "exam": refs.exams[exam["exam"]]})
    for entry in spec.employment:
        crd.EmploymentHistory.objects.create(individual=person, **entry)
    for residence in spec.residences:
        crd.ResidenceHistory.objects.create(individual=person, **residence)
    for disclosure in spec.disclosures:
        crd.Disclosure.objects.create(individual=person, **disclosure)
    return person


def _ensure_user(spec: PersonSpec, account: dict, person, demo: DemoData):
    from allauth.account.models import EmailAddress

    from accounts.models import User

    user = User.objects.filter(username__iexact=account["username"]).first()
    if user is None:
        user = User(username=account["username"], email=email_for(account["username"]), first_name=spec.first_name,
                    last_name=spec.last_name, individual=person,
                    identity_verified_at=timezone.now() if account["verified"] else None)
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def seed_core(*, today: dt.date | None = None) -> DemoData:
    """Firms, people with full records, persona users. Safe to run again: nothing changes."""
    demo = DemoData(today=today or timezone.localdate())
    personas = _persona_specs(demo.rng, demo.today)
    crowd = _crowd_specs(demo.rng, demo.today)
    demo.rng = random.Random(SEED + 1)  # app seeders get a fresh, fixed generator

    with transaction.atomic():
        _ensure_firms(demo)
        refs = _Refs()
        for spec, account in personas:
            person = _ensure_person(spec, demo, refs)
            demo.people[spec.key] = person
            if account:
                demo.users[spec.key] = _ensure_user(spec, account, person, demo)
                demo.add_persona(key=spec.key, label=account["label"], username=account["username"],
                                 note=account["note"])
            elif spec.ssn:
                demo.add_persona(key=spec.key, label="Sign up (has SSN)", username="",
                                 note=f"In CRD, no account: sign up with SSN {spec.ssn[:3]}-{spec.ssn[3:5]}-"
                                      f"{spec.ssn[5:]} and Date of Birth {spec.date_of_birth:%m/%d/%Y}")
            else:
                demo.add_persona(key=spec.key, label="Sign up (no SSN)", username="",
                                 note=f"In CRD, no account, no SSN: sign up with CRD# {spec.crd_number} and "
                                      f"Date of Birth {spec.date_of_birth:%m/%d/%Y}")
        for spec in crowd:
            _ensure_person(spec, demo, refs)
    return demo


def run_app_seeders(demo: DemoData, *, apps=APP_SEEDERS) -> list[str]:
    """Call `seed(demo)` of each app's demo module that exists; return the apps that ran.
    A missing `<app>.demo` module is skipped; any other import error propagates."""
    ran = []
    for app in apps:
        module_name = f"{app}.demo"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.seed(demo)
        ran.append(app)
    return ran


def personas_table(demo: DemoData) -> str:
    headers = ("key", "label", "User ID", "password", "note")
    rows = [(p.key, p.label, p.username or "—", DEMO_PASSWORD if p.username else "—", p.note)
            for p in demo.personas]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers) - 1)]
    lines = []
    for row in [headers, *rows]:
        lines.append("  ".join(str(v).ljust(w) for v, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1])
        if row is headers:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 4)
    return "\n".join(lines)
