"""Reference data loaded by migration crd.0002 and editable by support staff in the admin.

Codes and names from DOMAIN.md. Items marked [U] there are kept here, not in logic.
"""

from localflavor.us.us_states import CONTIGUOUS_STATES, NON_CONTIGUOUS_STATES

# Securities jurisdictions: the 50 states, DC, and the territories with a securities regulator.
STATES_AND_DC = [(code, str(name)) for code, name in (*CONTIGUOUS_STATES, *NON_CONTIGUOUS_STATES)]
TERRITORIES = [("PR", "Puerto Rico"), ("VI", "U.S. Virgin Islands"), ("GU", "Guam")]

# code, name, validity_years, requires_sponsor, corequisite codes
EXAMS = [
    ("SIE", "Securities Industry Essentials", 4, False, []),
    ("S4", "Series 4 — Registered Options Principal", 2, True, []),
    ("S6", "Series 6 — Investment Company and Variable Contracts Products Representative", 2, True, ["SIE"]),
    ("S7", "Series 7 — General Securities Representative", 2, True, ["SIE"]),
    ("S9", "Series 9 — General Securities Sales Supervisor, Options Module", 2, True, []),
    ("S10", "Series 10 — General Securities Sales Supervisor, General Module", 2, True, []),
    ("S14", "Series 14 — Compliance Official", 2, True, []),
    ("S16", "Series 16 — Supervisory Analyst", 2, True, []),
    ("S22", "Series 22 — Direct Participation Programs Representative", 2, True, ["SIE"]),
    ("S23", "Series 23 — General Securities Principal, Sales Supervisor Module", 2, True, []),
    ("S24", "Series 24 — General Securities Principal", 2, True, []),
    ("S26", "Series 26 — Investment Company and Variable Contracts Products Principal", 2, True, []),
    ("S27", "Series 27 — Financial and Operations Principal", 2, True, []),
    ("S28", "Series 28 — Introducing Broker-Dealer Financial and Operations Principal", 2, True, []),
    ("S39", "Series 39 — Direct Participation Programs Principal", 2, True, []),
    ("S51", "Series 51 — Municipal Fund Securities Limited Principal", 2, True, []),
    ("S52", "Series 52 — Municipal Securities Representative", 2, True, []),
    ("S53", "Series 53 — Municipal Securities Principal", 2, True, []),
    ("S54", "Series 54 — Municipal Advisor Principal", 2, True, []),
    ("S57", "Series 57 — Securities Trader", 2, True, ["SIE"]),
    ("S63", "Series 63 — Uniform Securities Agent State Law", 2, True, []),
    ("S65", "Series 65 — Uniform Investment Adviser Law", 2, True, []),
    ("S66", "Series 66 — Uniform Combined State Law", 2, True, ["S7"]),
    ("S79", "Series 79 — Investment Banking Representative", 2, True, ["SIE"]),
    ("S82", "Series 82 — Private Securities Offerings Representative", 2, True, ["SIE"]),
    ("S86", "Series 86 — Research Analyst, Analysis", 2, True, []),
    ("S87", "Series 87 — Research Analyst, Regulations", 2, True, []),
    ("S99", "Series 99 — Operations Professional", 2, True, []),
]

# code, name, qualifying exam codes, is_state, is_principal
REGISTRATION_CATEGORIES = [
    ("GS", "General Securities Representative", ["S7", "SIE"], False, False),
    ("IR", "Investment Company and Variable Contracts Products Representative", ["S6", "SIE"], False, False),
    ("DR", "Direct Participation Programs Representative", ["S22", "SIE"], False, False),
    ("IB", "Investment Banking Representative", ["S79", "SIE"], False, False),
    ("GP", "General Securities Principal", ["S24"], False, True),
    ("IP", "Investment Company and Variable Contracts Products Principal", ["S26"], False, True),
    ("FN", "Financial and Operations Principal", ["S27"], False, True),
    ("FI", "Introducing Broker-Dealer Financial and Operations Principal", ["S28"], False, True),
    ("MP", "Municipal Securities Principal", ["S53"], False, True),
    ("CR", "Compliance Officer", ["S14"], False, True),
    ("AG", "Agent", ["S63"], True, False),
    ("RA", "Investment Adviser Representative", ["S65", "S66"], True, False),
    ("OP", "Registered Options Principal", ["S4"], False, True),
    ("OS", "Operations Professional", ["S99"], False, False),
    ("TD", "Securities Trader", ["S57", "SIE"], False, False),
    ("RS", "Research Analyst", ["S86", "S87"], False, False),
]


def load_reference_data(apps):
    """Create the reference rows that are missing. Never overwrites or deletes a row, so
    what support staff edited in the admin stays as they left it."""
    Jurisdiction = apps.get_model("crd", "Jurisdiction")
    Exam = apps.get_model("crd", "Exam")
    RegistrationCategory = apps.get_model("crd", "RegistrationCategory")

    existing = set(Jurisdiction.objects.values_list("code", flat=True))
    jurisdictions = [(code, name, "district" if code == "DC" else "state") for code, name in STATES_AND_DC]
    jurisdictions += [(code, name, "territory") for code, name in TERRITORIES]
    Jurisdiction.objects.bulk_create(
        [Jurisdiction(code=c, name=n, kind=k) for c, n, k in jurisdictions if c not in existing]
    )

    exams = {e.code: e for e in Exam.objects.all()}
    new_exams = [c for c, *_ in EXAMS if c not in exams]
    for code, name, years, sponsor, _ in EXAMS:
        if code not in exams:
            exams[code] = Exam.objects.create(code=code, name=name, validity_years=years, requires_sponsor=sponsor)
    for code, _name, _years, _sponsor, coreqs in EXAMS:
        if code in new_exams:
            exams[code].corequisites.set([exams[c] for c in coreqs])

    existing = set(RegistrationCategory.objects.values_list("code", flat=True))
    for code, name, exam_codes, is_state, is_principal in REGISTRATION_CATEGORIES:
        if code in existing:
            continue
        category = RegistrationCategory.objects.create(
            code=code, name=name, is_state=is_state, is_principal=is_principal
        )
        category.qualifying_exams.set([exams[c] for c in exam_codes])
