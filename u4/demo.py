"""Demo data of Form U4 at Summit Ridge Securities (called by `manage.py seed_demo`, idempotent),
so casey.compliance's list at /firm/104001/u4/ and the reps' tasks show right after `make run`:

- "former" (morgan.former) is being rehired: an initial Form U4 With rep, Sections 2 and 10 open
  to them (task "Complete your Form U4 for Summit Ridge Securities").
- a new hire with no CRD# yet (Jordan Example): a Draft casey is still filling in.
- "rep" (dana.rep) and "contractor" (chris.contractor) each have their initial Form U4 on file
  (a record of a past filing: their CRD record already holds its facts, so it is not run through
  submission again). Dana's disclosures are amended (a customer complaint 20 days ago: due in 10
  days), a Draft casey can send to Dana to acknowledge. Chris moved house: that amendment waits
  for Chris's e-signature (task "Sign your Form U4 for Summit Ridge Securities").
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from . import services
from .checks import filing_check
from .choices import EventAction, FilingKind, FilingStatus, Section
from .models import Filing, FilingEvent
from .sections import content_as_data

NEW_HIRE = ("Jordan", "Example")


def _rest_of_the_form(person, today: dt.date) -> dict:
    """The sections a CRD record does not prefill, filled in plausibly for the demo."""
    return {
        Section.GENERAL: {"first_name": person.first_name, "middle_name": person.middle_name,
                          "last_name": person.last_name, "suffix": person.suffix,
                          "employment_date": today.isoformat(), "independent_contractor": "no",
                          "office_address_line1": "400 Atlantic St", "office_city": "Stamford", "office_state": "CT",
                          "office_postal_code": "06901"},
        Section.FINGERPRINT: {"fingerprint_status": "previously_submitted"},
        Section.UNAFFILIATED_FIRMS: {"answer": "no", "firm_names": ""},
        Section.AFFILIATED_FIRMS: {"answer": "no", "firm_names": ""},
        Section.EXAM_REQUESTS: {"exams": []},
        Section.DESIGNATIONS: {"designations": []},
        Section.IDENTIFYING: {"date_of_birth": person.date_of_birth.isoformat(), "state_of_birth": "",
                              "country_of_birth": "US", "sex": "X", "height_ft": 5, "height_in": 9,
                              "weight": 165, "hair_color": "Brown", "eye_color": "Brown"},
        Section.OTHER_NAMES: {"rows": []},
        Section.OTHER_BUSINESS: {"answer": "no", "description": ""},
        Section.DISCLOSURES: {**{f"q14{code}": "no" for code in "ABCDEFGHIJKLM"}, "rows": []},
        Section.SIGNATURES: {"firm_signatory_name": "Casey Moreno"},
    }


def _full_content(person, today: dt.date) -> dict:
    content = services.prefill_from_crd(individual=person)
    for key, value in _rest_of_the_form(person, today).items():
        prefilled = {k: v for k, v in content.get(key, {}).items() if v not in ("", None)}
        content[key] = {**value, **prefilled}
    if not content.get(Section.SRO_REGISTRATIONS, {}).get("categories"):
        content[Section.SRO_REGISTRATIONS] = {"categories": ["GS"]}
    content.setdefault(Section.JURISDICTIONS, {"jurisdictions": [], "state_categories": []})
    return content


def _save(filing: Filing, user, section: str, value: dict) -> Filing:
    filing.refresh_from_db()
    return services.filing_section_save(filing=filing, section=section, data=content_as_data(section, value),
                                        expected_version=filing.section_versions.get(section, 0), user=user)


def _on_file(*, firm, person, user, today: dt.date) -> Filing:
    """The person's initial Form U4 as a past, submitted record (wet signature)."""
    existing = Filing.objects.filter(firm=firm, individual=person, kind=FilingKind.INITIAL,
                                     status=FilingStatus.SUBMITTED).first()
    if existing is not None:
        return existing
    association = person.associations.filter(firm=firm).order_by("start_date").first()
    start = association.start_date if association else today - dt.timedelta(days=365)
    content = _full_content(person, start)
    content[Section.GENERAL]["independent_contractor"] = (
        "yes" if association and association.kind == "independent_contractor" else "no")
    at = timezone.make_aware(dt.datetime.combine(start, dt.time(10)))
    filing = Filing(firm=firm, individual=person, kind=FilingKind.INITIAL, content=content,
                    association_kind=association.kind if association else "employee", created_by=user,
                    created_at=at, updated_at=at, status=FilingStatus.SUBMITTED, signature_wet=True,
                    signature_name=person.full_name, signed_at=at, signed_by=user, submitted_at=at)
    filing.signature_hash = services.content_hash(filing)
    filing.complete_sections = sorted(filing_check(filing=filing).complete_sections)
    filing.save()
    for action in (EventAction.CREATED, EventAction.WET_SIGNATURE_RECORDED, EventAction.SUBMITTED):
        FilingEvent.objects.create(filing=filing, action=action, actor=user, at=at,
                                   detail={"demo": "a past filing"})
    return filing


def _open(firm, person) -> bool:
    return Filing.objects.filter(firm=firm, individual=person).exclude(status=FilingStatus.SUBMITTED).exists()


def seed(demo) -> None:
    firm = demo.firms.get("summit")
    casey = demo.users.get("compliance")
    if firm is None or casey is None:
        return
    today = demo.today
    with transaction.atomic():
        former = demo.people.get("former")
        if former is not None and not Filing.objects.filter(firm=firm, individual=former).exists():
            filing = services.filing_create(firm=firm, user=casey, individual=former)
            opened = {Section.FINGERPRINT, Section.OTHER_NAMES}
            for key, value in _rest_of_the_form(former, today).items():
                if key not in opened:
                    prefilled = {k: v for k, v in filing.section(key).items() if v not in ("", None)}
                    filing = _save(filing, casey, key, {**value, **prefilled})
            services.filing_allow_rep_edits(filing=filing, sections=sorted(opened), user=casey)

        if not Filing.objects.filter(firm=firm, individual__isnull=True,
                                     content__general__last_name=NEW_HIRE[1]).exists():
            services.filing_create(firm=firm, user=casey, first_name=NEW_HIRE[0], last_name=NEW_HIRE[1])

        rep = demo.people.get("rep")
        if rep is not None:
            base = _on_file(firm=firm, person=rep, user=casey, today=today)
            if not _open(firm, rep) and not base.amendments.exists():
                amendment = services.amendment_create(filing=base, user=casey,
                                                      facts_date=today - dt.timedelta(days=20))
                disclosures = {**amendment.section(Section.DISCLOSURES), "q14I": "yes"}
                disclosures["rows"] = [*disclosures.get("rows", []), {
                    "question": "14I", "event_date": (today - dt.timedelta(days=20)).isoformat(),
                    "summary": "Customer alleged an unsuitable annuity recommendation; under review."}]
                _save(amendment, casey, Section.DISCLOSURES, disclosures)

        contractor = demo.people.get("contractor")
        if contractor is not None:
            base = _on_file(firm=firm, person=contractor, user=casey, today=today)
            if not _open(firm, contractor) and not base.amendments.exists():
                moved = today - dt.timedelta(days=12)
                amendment = services.amendment_create(filing=base, user=casey, facts_date=moved)
                rows = [{**row, "to_date": row.get("to_date") or (moved - dt.timedelta(days=1)).isoformat()}
                        for row in amendment.section(Section.RESIDENTIAL_HISTORY).get("rows", [])]
                rows.append({"from_date": moved.isoformat(), "to_date": None, "address_line1": "88 Hawthorne Ave",
                             "city": "Wilmington", "state": "DE", "postal_code": "19805", "country": "US"})
                amendment = _save(amendment, casey, Section.RESIDENTIAL_HISTORY, {"rows": rows})
                services.filing_send_for_signature(filing=amendment, user=casey)
