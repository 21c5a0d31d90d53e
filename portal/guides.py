"""Quick reference guides: one per journey, as numbered steps with a screenshot each.

A guide is data: its steps say what to do, which page shows it, which template renders that
page and which demo persona is signed in. `manage.py build_guides` (`make guides`) opens each
step in Chromium over the demo data and saves the screenshots under static/guides/, with a
manifest of the templates' fingerprints; `stale_guides()` compares them with the templates as
they are now, so a guide whose pictures are older than its pages says so (CI prints it).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template

from .choices import Audience

GUIDES_DIR = Path(settings.BASE_DIR) / "static" / "guides"
MANIFEST = GUIDES_DIR / "manifest.json"
FIRM = "104001"  # Summit Ridge Securities in the demo data


@dataclass(frozen=True)
class Step:
    text: str
    path: str
    template: str
    persona: str = ""  # demo User ID signed in for the screenshot; "" = nobody
    # A named preparation in build_guides (e.g. acknowledging the privacy statement), or
    # "follow:<link name>": open `path`, then the link of that name (a page whose URL holds an id).
    action: str = ""


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    audience: str
    summary: str
    steps: list[Step] = field(default_factory=list)

    @property
    def audience_label(self) -> str:
        return Audience(self.audience).label

    def screenshot(self, number: int) -> str:
        """The static path of step `number`'s picture (1-based)."""
        return f"guides/{self.slug}/step-{number}.png"


GUIDES = [
    Guide("create-an-account", "Create a FinPro account", Audience.REPS,
          "From the home page to your User ID, then the activation email, your password and security questions.", [
              Step("On the home page, choose **Create a FinPro Account**.", "/", "home.html"),
              Step("Read the privacy statement, tick the box to acknowledge it and choose "
                   "**Acknowledge and continue**.",
                   "/accounts/create/", "accounts/privacy.html"),
              Step("Fill in **Create Profile**: your legal name, SSN (or CRD# if you have no SSN), date of birth, "
                   "residential address, phones and emails. Pick a User ID or take the suggestion, then submit. "
                   "FinPro shows your User ID and emails you an activation link.",
                   "/accounts/create/profile/", "accounts/create_profile.html", action="acknowledge_privacy"),
              Step("Follow the link in the email within 24 hours, choose a password, then sign in here with your "
                   "User ID and that password.", "/accounts/login/", "account/login.html"),
          ]),
    Guide("verify-your-identity", "Verify your identity", Audience.REPS,
          "Before your record opens, FinPro checks that you are you: a passcode to your phone or a few questions.", [
              Step("After your first sign-in FinPro explains the check. Choose **Continue**.",
                   "/identity/", "identity/start.html", persona="pat.phone"),
              Step("Choose how to verify: a passcode by text or voice call to your personal phone, or questions "
                   "about your history. If neither is offered, call support.",
                   "/identity/options/", "identity/options.html", persona="pat.phone", action="start_identity"),
          ]),
    Guide("certify-your-record", "See and certify your CRD record", Audience.REPS,
          "Your registrations, exams, employment and disclosures as filed in CRD; certify them when your firm asks.", [
              Step("Your dashboard's **My Task list** shows **Certify your record** when your firm asks for it.",
                   "/", "dashboard.html", persona="dana.rep"),
              Step("**Record** shows every section of your CRD record, the PDF download and the calendar of "
                   "your deadlines.", "/record/", "record/overview.html", persona="dana.rep"),
              Step("On **Attestation**, say whether the record is correct or what needs updating; your firm sees "
                   "your answer.", "/record/attestation/", "record/attestation_history.html", persona="dana.rep"),
          ]),
    Guide("complete-ce", "Complete your continuing education", Audience.REPS,
          "Your Regulatory Element learning plan, module by module, and your IAR CE credits.", [
              Step("**CE** lists the modules of this year's Regulatory Element plan with their status and the due "
                   "dates (Dec 31, and your firm's when it set one). Choose **Launch** on a module.",
                   "/ce/", "ce/overview.html", persona="dana.rep"),
              Step("Read each page and choose **Next**; FinPro remembers where you stopped, so you can sign out and "
                   "carry on later. A short knowledge check ends the module.",
                   "/ce/", "ce/page.html", persona="dana.rep", action="launch_first_module"),
              Step("Investment adviser representatives see their IAR CE credits by component, what carries forward, "
                   "and the transcript their providers reported.", "/ce/iar/", "ce/iar.html",
                   persona="casey.compliance"),
              Step("Firm staff follow their people's progress on the firm's **CE** page, with filters and a CSV.",
                   f"/firm/{FIRM}/ce/", "ce/firm_ce.html", persona="casey.compliance"),
          ]),
    Guide("my-account", "Keep your contact details current", Audience.REPS,
          "Emails, phones, your residential address when you are not with a firm, and two-step sign-in.", [
              Step("Select your initials, then **My Account**. The pencil next to an email or phone changes it; "
                   "a new email takes effect once you follow the link we send to it.",
                   "/account/", "accounts/my_account.html", persona="dana.rep"),
          ]),
    Guide("sign-form-u4", "Fill in and sign your Form U4", Audience.REPS,
          "Your firm starts your Form U4; you fill in the sections it opens to you and sign the final version.", [
              Step("When your firm opens sections of your Form U4, **Forms** (and your My Task list) shows "
                   "**Complete your Form U4**.", "/u4/", "u4/rep_overview.html", persona="morgan.former"),
              Step("Only the sections your firm opened are editable; the others are shown read-only. Save each "
                   "section, come back later if you need to, and choose **Return to firm** when you are done.",
                   "/u4/", "u4/rep_entry.html", persona="morgan.former", action="follow:Complete your Form U4"),
              Step("When the firm sends the final version for e-signature, read it, confirm your password and "
                   "sign: your full legal name and the date are filled in for you. Any later change voids the "
                   "signature, so the firm must send it again.", "/u4/", "u4/rep_sign.html",
                   persona="chris.contractor", action="follow:Sign your Form U4"),
          ]),
    Guide("get-form-u5", "Read and download your Form U5", Audience.REPS,
          "When a firm ends your association it files a Form U5; FinPro emails you and keeps every one for you.", [
              Step("**Form U5** lists every Form U5 and amendment a firm filed for you. FinPro emails your personal "
                   "address when a new one is on file; the email never contains the details.",
                   "/u5/", "u5/rep_list.html", persona="morgan.former"),
              Step("Open a filing to read it, or download it as a PDF. Keep your residential address current for "
                   "two years after your last registration ended.", "/u5/", "u5/rep_detail.html",
                   persona="morgan.former", action="follow:Read Form U5"),
          ]),
    Guide("mqp-and-evep", "Keep your qualifications: MQP and EVEP", Audience.REPS,
          "After you leave the industry, the Maintaining Qualifications Program and the Exam Validity Extension "
          "Programs keep your exams valid for up to five years.", [
              Step("**Programs** says for each program whether you qualify, and why; once enrolled it shows your "
                   "years left, this year's plan and fee.", "/programs/", "programs/overview.html",
                   persona="morgan.former"),
              Step("**Learn more** explains the program. Continue, confirm your email, and pay the annual fee (MQP "
                   "$100, each EVEP $35) by card. EVEP asks you to acknowledge that the extension holds only in "
                   "participating jurisdictions.", "/programs/mqp/", "programs/learn_more.html",
                   persona="morgan.former"),
          ]),
    Guide("firm-u4-drafts", "Form U4 for firms: drafts, rep edits, e-signature", Audience.FIRMS,
          "For compliance staff: start a Form U4, let the person fill in sections, collect the signature, submit.", [
              Step("**Form U4** lists your filings with their status, progress and due dates; filter, search or "
                   "**Start a Form U4** for a person by CRD# or SSN, or for a new hire.",
                   f"/firm/{FIRM}/u4/", "u4/firm_list.html", persona="casey.compliance"),
              Step("A filing's page shows each section, the completeness check and the audit trail. **Allow Rep "
                   "Edits** opens sections to the person; **See what changed** compares their edits; **Send for "
                   "e-signature** (or record a wet signature), then **Submit**. A submitted filing can be amended.",
                   f"/firm/{FIRM}/u4/", "u4/firm_detail.html", persona="casey.compliance",
                   action="follow:Morgan"),
          ]),
    Guide("firm-u5-filings", "Form U5 for firms", Audience.FIRMS,
          "For compliance staff: file a Form U5 within 30 days of a termination, amend it, download it.", [
              Step("**Form U5** lists your filings with their 30-day deadline; late ones are marked. Choose **File a "
                   "Form U5**.", f"/firm/{FIRM}/u5/", "u5/firm_list.html", persona="casey.compliance"),
              Step("Enter the person's CRD# (only people currently associated with your firm), then the termination "
                   "date, the kind (full or partial), the reason and the disclosure questions; confirm with your "
                   "password to sign the firm's acknowledgment.", f"/firm/{FIRM}/u5/new/", "u5/firm_create.html",
                   persona="casey.compliance"),
          ]),
    Guide("firm-reports", "Firm reports", Audience.FIRMS,
          "For compliance staff: Access Tracking, E-Signature Tracking, Notifications Tracking and CE Status, as "
          "CSV or Excel.", [
              Step("**Reports** lists the templates and your saved reports. Choose **Run** on one.",
                   f"/firm/{FIRM}/reports/", "reports/index.html", persona="casey.compliance"),
              Step("Set the filters (dates, association type, status) and the format, then **Run report**. The run "
                   "page shows its progress and offers the download when it is done; save the filters to run it "
                   "again or on a schedule.", f"/firm/{FIRM}/reports/new/access_tracking/", "reports/new.html",
                   persona="casey.compliance"),
          ]),
    Guide("schedule-an-exam", "Schedule a qualification exam", Audience.REPS,
          "When your firm's Form U4 requests an exam, you have 120 days to book a seat at a test center.", [
              Step("**Exams** lists each exam window: the exam, its status and the day the window closes. Choose "
                   "**Schedule your exam**. You can also enroll in the SIE here, without a firm.",
                   "/exams/", "exams/overview.html", persona="riley.candidate"),
              Step("Search by ZIP code or state and a range of dates. Times are the test center's local time, "
                   "with its time zone named. Choose **Book** on a session; FinPro emails the confirmation and "
                   "offers an .ics file for your calendar. You can reschedule or cancel up to two business days "
                   "before.", "/exams/", "exams/sessions.html", persona="riley.candidate",
                   action="follow:Schedule your S7 exam"),
          ]),
    Guide("firm-api", "The firm API and webhooks", Audience.FIRMS,
          "For firm administrators: keys for your own systems to read FinPro, and webhooks that tell them of "
          "changes.", [
              Step("Under **API**, create a key: name it, choose its scopes and how long it lives. The key is shown "
                   "once; copy it into your system. Revoke it here when it is no longer needed.",
                   f"/firm/{FIRM}/api/", "api/keys.html", persona="casey.compliance"),
              Step("Under **Webhooks**, register an https endpoint and choose the events it receives. Each "
                   "delivery is signed (Standard Webhooks); its log shows the answers and lets you replay one.",
                   f"/firm/{FIRM}/api/webhooks/", "api/webhooks.html", persona="casey.compliance"),
              Step("The **API reference** lists every operation with its parameters and answers.",
                   "/api/v1/docs/", "api/docs.html", persona="casey.compliance"),
          ]),
    Guide("firm-section", "The firm section: roster, settings, members", Audience.FIRMS,
          "For compliance staff: your people, your firm's FinPro settings and who may change them.", [
              Step("The **Roster** lists everyone associated with your firm; filter it and download it as CSV.",
                   f"/firm/{FIRM}/roster/", "firm/roster.html", persona="casey.compliance"),
              Step("**Settings** turns attestation, Form U4 e-signature, CE notifications and the IAR CE fee on or "
                   "off; **History** shows every change.", f"/firm/{FIRM}/settings/", "firm/settings.html",
                   persona="casey.compliance"),
              Step("**Members** shows who has access and their role; admins invite colleagues by email.",
                   f"/firm/{FIRM}/members/", "firm/members.html", persona="casey.compliance"),
          ]),
]

# Which guide a page's header help link opens: the first prefix (or pattern) that matches the path.
GUIDE_FOR_PATH = [
    ("/accounts/create/", "create-an-account"),
    ("/identity/", "verify-your-identity"),
    ("/record/", "certify-your-record"),
    ("/ce/", "complete-ce"),
    ("/account/", "my-account"),
    ("/u4/", "sign-form-u4"),
    ("/u5/", "get-form-u5"),
    ("/programs/", "mqp-and-evep"),
    ("/exams/", "schedule-an-exam"),
    (re.compile(r"^/firm/\d+/u4/"), "firm-u4-drafts"),
    (re.compile(r"^/firm/\d+/u5/"), "firm-u5-filings"),
    (re.compile(r"^/firm/\d+/reports/"), "firm-reports"),
    ("/api/", "firm-api"),
    (re.compile(r"^/firm/\d+/api/"), "firm-api"),
    ("/firm/", "firm-section"),
]


def guide(slug: str) -> Guide | None:
    return next((g for g in GUIDES if g.slug == slug), None)


def guide_for_path(path: str) -> Guide | None:
    for prefix, slug in GUIDE_FOR_PATH:
        if path.startswith(prefix) if isinstance(prefix, str) else prefix.match(path):
            return guide(slug)
    return None


def template_fingerprint(name: str) -> str:
    source = Path(get_template(name).origin.name).read_bytes()
    return hashlib.sha256(source).hexdigest()


def manifest() -> dict:
    return json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}


def stale_guides() -> list[str]:
    """One line per guide step whose screenshot is missing or older than its page's template."""
    built = manifest()
    lines = []
    for g in GUIDES:
        for number, step in enumerate(g.steps, start=1):
            picture = GUIDES_DIR.parent / g.screenshot(number)
            recorded = built.get(g.screenshot(number), {}).get("template_sha256")
            if not picture.exists():
                lines.append(f"{g.slug} step {number}: no screenshot (run make guides)")
            elif recorded != template_fingerprint(step.template):
                lines.append(f"{g.slug} step {number}: {step.template} changed after the screenshot (run make guides)")
    return lines
