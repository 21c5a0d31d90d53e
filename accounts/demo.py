"""Demo data for accounts (called by `manage.py seed_demo` with the shared DemoData; idempotent).

Every demo user gets security questions with fixed answers, so the unverified personas land on
identity verification right after signing in, and a My Account profile built from their CRD
record. The "new_ssn" and "new_no_ssn" people have no account: they are for the sign-up walk-through.
"""

import datetime as dt

from accounts import selectors, services
from accounts.models import Profile

# The published password of every demo account (README), and the demo people's contact details.
DEMO_PASSWORD = "FinPro-demo-2026"
EMAIL_DOMAIN = "mail.example"
# Persona key -> personal phone (E.164). Fictitious: NANP keeps 555-0100 to 555-0199 for fiction,
# inside a real area code so that phone validation accepts them. The accounts profile and the
# sandbox bureau both read this, so the phone on the profile is the one the bureau knows.
PERSONAL_PHONES = {
    "verify_phone": "+12125550101",
    "verify_questions": "+12125550102",
    "verify_support": "+12125550103",
    "verify_multiparty": "+12125550104",
    "verify_locked": "+12125550105",
    "rep": "+12125550110",
    "contractor": "+12125550111",
    "former": "+12125550112",
    "compliance": "+12125550113",
    # The sign-up people have no account: they type these as Personal Phone in Create Profile.
    # The bureau ties Avery's to Avery (a passcode); Noor's it does not know (questions).
    "new_ssn": "+12125550106",
    "new_no_ssn": "+12125550107",
}
BUSINESS_PHONE = "+12125550134"

DEMO_ANSWERS = [("first_pet", "Biscuit"), ("first_car", "Corolla"), ("high_school_city", "Springfield")]


def _ensure_profile(user, *, personal_phone: str) -> None:
    person = user.individual
    if person is None or Profile.objects.filter(user=user).exists():
        return
    Profile.objects.create(
        user=user, prefix=person.prefix, middle_name=person.middle_name, suffix=person.suffix,
        business_phone=BUSINESS_PHONE, personal_phone=personal_phone, address_line1=person.address_line1,
        city=person.city, state=person.state, postal_code=person.postal_code, country=person.country or "US",
    )


def _ensure_emails_confirmed(user, *, today: dt.date, days_ago: int) -> None:
    """When the demo person last confirmed their emails (only set once: idempotent)."""
    Profile.objects.filter(user=user, contact_emails_confirmed_on__isnull=True).update(
        contact_emails_confirmed_on=today - dt.timedelta(days=days_ago))


def seed(demo) -> None:
    for key, user in demo.users.items():
        if not selectors.has_security_questions(user=user):
            services.security_questions_set(user=user, answers=DEMO_ANSWERS)
        _ensure_profile(user, personal_phone=PERSONAL_PHONES.get(key, BUSINESS_PHONE))
        # Dana's yearly "Verify your contact emails" task is due soon; everyone else confirmed recently.
        _ensure_emails_confirmed(user, today=demo.today, days_ago=350 if key == "rep" else 60)

    answers = ", ".join(f"{q.replace('_', ' ')}: {a}" for q, a in DEMO_ANSWERS)
    signup = (("new_ssn", "New rep with an SSN (sign up)"), ("new_no_ssn", "New rep without an SSN (sign up)"))
    for key, label in signup:
        person = demo.people.get(key)
        if person is None:
            continue
        ident = f"SSN {person.ssn[:3]}-{person.ssn[3:5]}-{person.ssn[5:]}" if not person.has_no_ssn else (
            f"No SSN: answer No, CRD# {person.crd_number}"
        )
        phone = PERSONAL_PHONES[key]
        verify = ("identity by a text passcode (the bureau knows this phone)" if key == "new_ssn"
                  else "identity by questions (the bureau knows nothing of this phone)")
        demo.add_persona(
            key=key, label=label, username="(create one)",  # replaces the core row for this person
            note=(f"Home → Create a FinPro Account. First Name {person.first_name}, Last Name {person.last_name}, "
                  f"{ident}, Date of Birth {person.date_of_birth:%m/%d/%Y}, address {person.address_line1}, "
                  f"{person.city}, {person.state} {person.postal_code}, Personal Phone "
                  f"({phone[2:5]}) {phone[5:8]}-{phone[8:]}. CAPTCHA as shown. The activation link is in the "
                  f"development mailbox (/dev/mailbox/); then {verify}, then the dashboard."),
        )
    if demo.users:
        demo.add_persona(
            key="security_answers", label="Security answers of every demo user", username="(all)",
            note=f"Fictitious demo answers: {answers}.",
        )
