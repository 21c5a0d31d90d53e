"""The three programs and the jurisdictions taking part in each EVEP (reference data, editable
by support staff), loaded by migration 0002 and again after a test database flush (apps.py). Adoption dates
are fictitious demo values [U]: support staff keep them current."""

import datetime as dt

MQP_TEXT = (
    "FINRA's Maintaining Qualifications Program lets you keep a representative or principal qualification "
    "for up to five years after your registration ended, by completing continuing education every year "
    "(a Regulatory Element and a Practical Element plan) and paying $100 a year. If you register again "
    "within those years, you need not retake the exam.")
AG_TEXT = (
    "NASAA's Agent Exam Validity Extension Program keeps your Series 63 valid for up to five years after "
    "your agent registration ended, with annual continuing education and a $35 fee each year. The "
    "extension holds only in the jurisdictions that take part in the program.")
IAR_TEXT = (
    "NASAA's Investment Adviser Representative Exam Validity Extension Program keeps your Series 65 (or "
    "the IAR part of your Series 66) valid for up to five years after your IAR registration ended, with "
    "annual continuing education and a $35 fee each year. The extension holds only in the jurisdictions "
    "that take part in the program, and not if you had an IAR CE deficiency when you left.")

PROGRAMS = [
    ("MQP", "Maintaining Qualifications Program (MQP)", "FINRA", MQP_TEXT, 10000, "MQP Practical Element",
     False, False, None),
    ("AG_EVEP", "Agent Exam Validity Extension Program (AG EVEP)", "NASAA", AG_TEXT, 3500,
     "AG EVEP Practical Element", True, False, ["AG"]),
    ("IAR_EVEP", "IAR Exam Validity Extension Program (IAR EVEP)", "NASAA", IAR_TEXT, 3500,
     "IAR EVEP Practical Element", True, True, ["RA"]),
]
PARTICIPANTS = {
    "AG_EVEP": {"NY": "2025-03-01", "NJ": "2025-03-01", "CT": "2025-06-15", "MA": "2025-09-01", "TX": "2026-01-01"},
    "IAR_EVEP": {"NY": "2025-03-01", "CT": "2025-06-15", "CO": "2025-07-01", "WA": "2026-01-01"},
}


def load_reference_data(apps):
    Program = apps.get_model("programs", "Program")
    Category = apps.get_model("crd", "RegistrationCategory")
    Jurisdiction = apps.get_model("crd", "Jurisdiction")
    Participant = apps.get_model("programs", "ParticipatingJurisdiction")
    for code, name, sponsor, text, fee, group, is_evep, iar, categories in PROGRAMS:
        if Program.objects.filter(code=code).exists():
            continue  # support staff may have edited it
        program = Program.objects.create(code=code, **{
            "name": name, "sponsor": sponsor, "description": text, "fee_cents": fee, "practical_group_name": group,
            "is_evep": is_evep, "checks_iar_ce": iar})
        qs = Category.objects.filter(code__in=categories) if categories else Category.objects.filter(is_state=False)
        program.categories.set(list(qs))
        for place, adopted in PARTICIPANTS.get(code, {}).items():
            jurisdiction = Jurisdiction.objects.filter(code=place).first()
            if jurisdiction is not None:
                Participant.objects.get_or_create(program=program, jurisdiction=jurisdiction,
                                                  defaults={"adopted_on": dt.date.fromisoformat(adopted)})
