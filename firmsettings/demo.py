"""Demo data for the firm section (called by `manage.py seed_demo`; idempotent).

Summit Ridge: casey.compliance is its admin, vic.viewer a read-only staff member (no CRD
record) and ari.auditor compliance staff at both Summit Ridge and Harbor Point (no CRD record,
so they land on the firm chooser); attestation on for employees, e-signature on for employees and contractors, a firm
CE due date of Nov 30 this year with reminders 60/30/7 days before, and a $500.00 Flex
Funding deposit. Harbor Point has nothing set.
"""

import datetime as dt

from django.contrib.auth import get_user_model

from .choices import MembershipRole
from .models import FirmMembership, FlexFundingEntry
from .services import firm_settings_update, flex_funding_deposit, membership_create

VIEWER_USERNAME = "vic.viewer"
TWO_FIRMS_USERNAME = "ari.auditor"
DEMO_DEPOSIT_MEMO = "Opening deposit (demo)"


def _ensure_member(*, firm, user, role, created_by=None):
    if not FirmMembership.objects.filter(firm=firm, user=user).exists():
        membership_create(firm=firm, user=user, role=role, created_by=created_by)


def _staff_user(password: str, *, username=VIEWER_USERNAME, first_name="Vic", last_name="Viewer",
                email="vic.viewer@summitridge.example"):
    """A firm staff account with no CRD record."""
    User = get_user_model()
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        user = User(username=username, first_name=first_name, last_name=last_name, email=email)
        user.set_password(password)
        user.save()
    return user


def seed(demo) -> None:
    from accounts.demo import DEMO_PASSWORD

    summit = demo.firms["summit"]
    compliance = demo.users.get("compliance")
    if compliance is not None:
        _ensure_member(firm=summit, user=compliance, role=MembershipRole.ADMIN)

    viewer = _staff_user(DEMO_PASSWORD)
    _ensure_member(firm=summit, user=viewer, role=MembershipRole.VIEWER, created_by=compliance)
    demo.users["viewer"] = viewer
    demo.add_persona(
        key="viewer", label="Firm staff, read only", username=VIEWER_USERNAME,
        note="Viewer in Summit Ridge Securities' firm section (no CRD record): reads roster, settings, history.",
    )

    # Compliance staff at two firms (no CRD record): lands on the firm chooser.
    auditor = _staff_user(DEMO_PASSWORD, username=TWO_FIRMS_USERNAME, first_name="Ari", last_name="Auditor",
                          email="ari.auditor@compliance.example")
    for key in ("summit", "harbor"):
        _ensure_member(firm=demo.firms[key], user=auditor, role=MembershipRole.COMPLIANCE, created_by=compliance)
    demo.users["two_firms"] = auditor
    demo.add_persona(
        key="two_firms", label="Firm staff at two firms", username=TWO_FIRMS_USERNAME,
        note="Compliance in Summit Ridge and Harbor Point (no CRD record): signs in to the firm chooser.",
    )

    # Only changed values are written (and recorded in the history), so a second run adds nothing.
    firm_settings_update(firm=summit, changed_by=compliance, changes={
        "attestation_employees": True,
        "esignature_employees": True,
        "esignature_contractors": True,
        "ce_firm_due_date": dt.date(demo.today.year, 11, 30),
        "ce_reminders_enabled": True,
        "ce_reminder_days": [60, 30, 7],
    })

    if not FlexFundingEntry.objects.filter(firm=summit, memo=DEMO_DEPOSIT_MEMO).exists():
        flex_funding_deposit(firm=summit, amount_cents=50_000, memo=DEMO_DEPOSIT_MEMO, recorded_by=None)
