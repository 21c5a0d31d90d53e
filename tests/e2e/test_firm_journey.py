"""Firm journeys in Chromium: a compliance officer changes every setting and reads the
history; an admin invites a colleague who creates an account from the emailed link."""

import datetime as dt
import re
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from crd.choices import AssociationKind, RegistrationStatus
from crd.models import Attestation
from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership
from firmsettings.services import flex_funding_deposit
from tests.factories import AssociationFactory, FirmFactory, IndividualFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _firm_with_people():
    firm = FirmFactory(name="Summit Ridge Securities", crd_number=104001)
    for i, (first, last) in enumerate([("Dana", "Rep"), ("Chris", "Contractor"), ("Morgan", "Former")]):
        person = IndividualFactory(first_name=first, last_name=last, ssn=f"21{i}-45-678{i}")
        kind = AssociationKind.INDEPENDENT_CONTRACTOR if last == "Contractor" else AssociationKind.EMPLOYEE
        end = timezone.localdate() - dt.timedelta(days=240) if last == "Former" else None
        AssociationFactory(individual=person, firm=firm, kind=kind, end_date=end)
        RegistrationFactory(individual=person, firm=firm,
                            status=RegistrationStatus.CE_INACTIVE if last == "Contractor" else "approved")
        if last == "Rep":
            Attestation.objects.create(individual=person, firm=firm, association_kind=kind, answer="correct",
                                       attested_at=timezone.now() - dt.timedelta(days=5))
    flex_funding_deposit(firm=firm, amount_cents=50_000, memo="Opening deposit", recorded_by=None)
    return firm


def _on(page, legend, value="On"):
    page.get_by_role("group", name=legend).get_by_label(value, exact=True).check()


def test_compliance_officer_changes_each_setting_and_reads_the_history(page, base_url, axe, sign_in):
    firm = _firm_with_people()
    officer = UserFactory(username="casey.compliance", first_name="Casey", last_name="Compliance")
    FirmMembership.objects.create(firm=firm, user=officer, role=MembershipRole.COMPLIANCE)
    year = timezone.localdate().year

    sign_in("casey.compliance")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Firm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Summit Ridge Securities")
    expect(page.get_by_text("$500.00")).to_be_visible()
    axe("firm-home")

    page.get_by_role("navigation", name="Firm section").get_by_role("link", name="Roster").click()
    expect(page.get_by_role("row", name=re.compile("Rep, Dana"))).to_be_visible()
    expect(page.get_by_text("***-**-6780")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("210-45-6780")
    axe("firm-roster")
    page.get_by_label("CE status").select_option("ce_inactive")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("row", name=re.compile("Contractor, Chris"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Rep, Dana"))).to_have_count(0)
    expect(page.get_by_text("1 person")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    csv_text = Path(download.value.path()).read_text()
    assert "Contractor" in csv_text and "Dana" not in csv_text

    page.get_by_role("navigation", name="Firm section").get_by_role("link", name="Settings").click()
    axe("firm-settings")

    _on(page, "Attestation for employees")
    _on(page, "Attestation for contractors")
    page.get_by_role("button", name="Save Attestation").click()
    expect(page.get_by_text("Attestation settings saved.")).to_be_visible()

    _on(page, "E-Signature for employees")
    page.get_by_role("button", name="Save Form U4 E-Signature").click()
    expect(page.get_by_text("Form U4 E-Signature settings saved.")).to_be_visible()

    page.get_by_label("Firm CE Due Date").fill(f"{year}-12-31")
    page.get_by_role("button", name="Save CE Notifications").click()
    expect(page.locator("#id_ce-ce_firm_due_date_error")).to_contain_text(f"must fall before Dec 31, {year}")
    axe("firm-settings-error")

    page.get_by_label("Firm CE Due Date").fill(f"{year}-12-30")
    _on(page, "Due-date reminder emails")
    for days in ("90 days before", "14 days before", "1 day before"):
        page.get_by_label(days, exact=True).uncheck()
    _on(page, "CE status-change emails")
    page.get_by_label("Copy notifications to").fill("ce-desk@summitridge.example")
    page.get_by_role("button", name="Save CE Notifications").click()
    expect(page.get_by_text("CE Notifications settings saved.")).to_be_visible()
    expect(page.get_by_label("Firm CE Due Date")).to_have_value(f"{year}-12-30")

    _on(page, "Pay the IAR CE Products and Practice fee for our representatives")
    page.get_by_role("button", name="Save IAR CE Fee").click()
    expect(page.get_by_text("IAR CE Fee settings saved.")).to_be_visible()

    page.get_by_role("navigation", name="Firm section").get_by_role("link", name="History").click()
    table = page.get_by_role("table")
    for label, new in [("Attestation for employees", "On"), ("Attestation for contractors", "On"),
                       ("Form U4 e-signature for employees", "On"), ("Firm CE due date", f"12/30/{year}"),
                       ("Reminder days before the due date", "60, 30, 7 days before"),
                       ("Copy notifications to", "ce-desk@summitridge.example"),
                       ("Firm pays the IAR CE Products and Practice fee", "On")]:
        expect(table.get_by_role("row").filter(has_text=label).filter(has_text=new).first).to_be_visible()
    expect(table.get_by_role("row").filter(has_text="Casey Compliance")).to_have_count(9)
    axe("firm-history")

    page.get_by_role("navigation", name="Firm section").get_by_role("link", name="Flex Funding").click()
    expect(page.get_by_role("cell", name="Opening deposit")).to_be_visible()
    axe("firm-flex-funding")

    # Members are the admin's job: no tab, and the URL is refused.
    expect(page.get_by_role("navigation", name="Firm section").get_by_role("link", name="Members")).to_have_count(0)
    page.goto(f"{base_url}/firm/{firm.crd_number}/members/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You don't have access to this page")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}/firm/{firm.crd_number}/settings/")
    axe("firm-settings-phone")
    page.goto(f"{base_url}/firm/{firm.crd_number}/roster/")
    dana = page.get_by_role("row", name=re.compile("Rep, Dana"))
    expect(dana).to_contain_text("Certified correct")
    expect(page.get_by_role("row", name=re.compile("Contractor, Chris"))).to_contain_text("Not yet attested")
    axe("firm-roster-phone")
    page.get_by_label("Attestation status").select_option(label="Not yet attested")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("2 people")).to_be_visible()
    expect(dana).to_have_count(0)
    axe("firm-roster-phone-filtered")


def test_admin_invites_a_colleague_who_creates_an_account(page, base_url, axe, sign_in):
    firm = _firm_with_people()
    boss = UserFactory(username="alex.admin", first_name="Alex", last_name="Admin")
    FirmMembership.objects.create(firm=firm, user=boss, role=MembershipRole.ADMIN)
    other = FirmFactory(name="Harbor Point Advisors", crd_number=104002)
    FirmMembership.objects.create(firm=other, user=boss, role=MembershipRole.VIEWER)

    # A firm admin without a CRD record uses two-step verification (docs/security-model.md).
    secret = generate_totp_secret()
    TOTP.activate(boss, secret)
    sign_in("alex.admin")
    page.get_by_placeholder("Code").fill(format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time()))))
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{base_url}/firm/")
    expect(page.get_by_role("heading", name="Choose a firm")).to_be_visible()
    axe("firm-switch")
    page.get_by_role("link", name="Summit Ridge Securities").click()
    page.get_by_role("navigation", name="Firm section").get_by_role("link", name="Members").click()
    axe("firm-members")
    page.get_by_label("Email").fill("jordan.new@summitridge.example")
    page.get_by_label("Role", exact=True).select_option("compliance")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to jordan.new@summitridge.example.")).to_be_visible()
    expect(page.get_by_role("cell", name="jordan.new@summitridge.example", exact=True)).to_be_visible()

    link = re.search(r"https?://\S+/firm/invitations/\S+/", mail.outbox[-1].body).group(0)
    path = link[link.index("/firm/"):]
    page.locator("summary[aria-label^='Account menu']").click()
    page.get_by_role("button", name="Sign out").click()

    page.goto(base_url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Summit Ridge Securities on FinPro")
    axe("firm-invitation")
    page.get_by_label("First Name").fill("Jordan")
    page.get_by_label("Last Name").fill("New")
    page.get_by_label("New User ID").fill("jordan.new")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Confirm Password").fill("short")
    page.get_by_role("button", name="Create account and join").click()
    expect(page.get_by_text("This password is too short")).to_be_visible()
    axe("firm-invitation-error")
    page.get_by_label("Password", exact=True).fill("lantern orchard velvet")
    page.get_by_label("Confirm Password").fill("lantern orchard velvet")
    page.get_by_role("button", name="Create account and join").click()
    expect(page.get_by_text("Welcome to the firm section of Summit Ridge Securities.")).to_be_visible()
    expect(page.get_by_text("Compliance", exact=True)).to_be_visible()

    page.goto(base_url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation has already been used.")
    axe("firm-invitation-used")
