"""Every write of Form U4: one function per move of the state machine (choices.TRANSITIONS),
each in `transaction.atomic()` with the filing row locked, refusing an illegal move with a
clear message, and writing its audit event in the same transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from crd import selectors as crd_selectors
from crd import services as crd_services
from crd.choices import AssociationKind, DisclosureKind
from crd.models import Association, Firm, Individual
from crd.ssn import normalize_ssn
from finpro import encryption
from finpro.events import FirmEvent, publish
from finpro.links import absolute_reverse
from firmsettings.selectors import esignature_enabled_for
from notifications.services import notify

from . import sections as u4_sections
from .checks import filing_check
from .choices import (
    AMENDMENT_DUE_DAYS,
    AMENDMENT_DUE_DAYS_STATUTORY_DISQUALIFICATION,
    CONSENT_VERSION,
    FIRM_EDITABLE_STATUSES,
    MOVE_EVENTS,
    REP_EDITABLE_SECTIONS,
    TRANSITIONS,
    EventAction,
    FilingKind,
    FilingStatus,
    Move,
    Section,
)
from .documents import filing_pdf_store
from .models import Filing, FilingEvent


class IllegalMove(ValidationError):
    """The filing's status does not allow this move (nothing was changed)."""


class SectionInvalid(Exception):
    """The section's input does not pass its form; `bound` carries the errors for the page."""

    def __init__(self, bound):
        super().__init__("The section has errors.")
        self.bound = bound


class SectionConflict(Exception):
    """Someone saved the section since the editor opened it. Nothing was saved; the page shows
    `current` (saved, at `current_version`) beside what the editor sent (`bound`)."""

    def __init__(self, *, current: dict, current_version: int, bound):
        super().__init__("This section changed since you opened it.")
        self.current, self.current_version, self.bound = current, current_version, bound


@dataclass(frozen=True)
class Origin:
    """Where a move came from, for the audit trail."""

    ip_address: str | None = None
    user_agent: str = ""

    @classmethod
    def of(cls, request) -> Origin:
        return cls(ip_address=request.META.get("REMOTE_ADDR") or None,
                   user_agent=request.META.get("HTTP_USER_AGENT", "")[:400])


NOWHERE = Origin()

# Disclosure questions ↔ the kinds of disclosure on a CRD record.
QUESTION_KIND = {
    "14A": DisclosureKind.CRIMINAL, "14B": DisclosureKind.CRIMINAL, "14C": DisclosureKind.REGULATORY,
    "14D": DisclosureKind.REGULATORY, "14E": DisclosureKind.REGULATORY, "14F": DisclosureKind.REGULATORY,
    "14G": DisclosureKind.REGULATORY, "14H": DisclosureKind.CIVIL_JUDICIAL,
    "14I": DisclosureKind.CUSTOMER_COMPLAINT, "14J": DisclosureKind.TERMINATION, "14K": DisclosureKind.FINANCIAL,
    "14L": DisclosureKind.BOND, "14M": DisclosureKind.JUDGMENT_LIEN,
}
KIND_QUESTION = {
    DisclosureKind.CRIMINAL: "14A", DisclosureKind.REGULATORY: "14D", DisclosureKind.CIVIL_JUDICIAL: "14H",
    DisclosureKind.CUSTOMER_COMPLAINT: "14I", DisclosureKind.TERMINATION: "14J", DisclosureKind.FINANCIAL: "14K",
    DisclosureKind.BOND: "14L", DisclosureKind.JUDGMENT_LIEN: "14M",
}


# --- Shared steps ---------------------------------------------------------------------------


def _event(filing: Filing, action: str, *, user, origin: Origin, section: str = "", consent_version: str = "",
           detail: dict | None = None) -> FilingEvent:
    return FilingEvent.objects.create(
        filing=filing, action=action, actor=user if getattr(user, "is_authenticated", False) else None,
        ip_address=origin.ip_address, user_agent=origin.user_agent, section=section,
        consent_version=consent_version, detail=detail or {},
    )


def _locked(filing: Filing) -> Filing:
    return Filing.objects.select_for_update().get(pk=filing.pk)


def _refuse_unless(filing: Filing, move: str) -> str:
    sources, target = TRANSITIONS[move]
    if filing.status not in sources:
        raise IllegalMove(f"This filing is {filing.get_status_display()}: "
                          f"“{Move(move).label}” is not possible now.", code="illegal_move")
    return target


def _move(filing: Filing, move: str, *, user, origin: Origin, detail: dict | None = None, **changes) -> Filing:
    """Apply a legal move to a locked filing and record its event."""
    filing.status = _refuse_unless(filing, move)
    for name, value in changes.items():
        setattr(filing, name, value)
    filing.updated_at = timezone.now()
    filing.save()
    _event(filing, MOVE_EVENTS[move], user=user, origin=origin, detail=detail,
           consent_version=filing.consent_version if move == Move.SIGN else "")
    return filing


def _refuse_unless_the_person(filing: Filing, user) -> None:
    if filing.individual_id is None or getattr(user, "individual_id", None) != filing.individual_id:
        raise IllegalMove("Only the person this filing is for can do this.", code="not_allowed")


def _clear_signature(filing: Filing) -> None:
    filing.signature_name = filing.signature_hash = filing.consent_version = ""
    filing.signature_wet, filing.signed_at, filing.signed_by = False, None, None


def _clear_acknowledgment(filing: Filing) -> None:
    filing.acknowledged_hash, filing.acknowledged_at = "", None


def canonical_content(filing: Filing) -> str:
    """The filing as one canonical JSON text: what a signature binds."""
    return json.dumps({
        "schema_version": filing.schema_version, "kind": filing.kind, "firm": filing.firm.crd_number,
        "individual": filing.individual.crd_number if filing.individual_id else None,
        "new_ssn_last4": filing.new_ssn_last4, "association_kind": filing.association_kind,
        "content": filing.content,
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder)


def content_hash(filing: Filing) -> str:
    return hashlib.sha256(canonical_content(filing).encode()).hexdigest()


def signature_is_valid(filing: Filing) -> bool:
    return bool(filing.signature_hash) and filing.signature_hash == content_hash(filing)


def _complete_sections(filing: Filing) -> list[str]:
    done = filing_check(filing=filing).complete_sections
    return [key for key in u4_sections.SPECS if key in done]


def _refuse_incomplete(filing: Filing) -> None:
    check = filing_check(filing=filing)
    if not check.is_complete:
        raise ValidationError(["This filing is not complete:", *(i.message for i in check.missing)],
                              code="incomplete")


def _person_email(filing: Filing) -> tuple[object, str] | None:
    user = getattr(filing.individual, "account", None) if filing.individual_id else None
    return (user, user.email) if user is not None and user.email else None


# --- Create and prefill ---------------------------------------------------------------------


def prefill_from_crd(*, individual: Individual) -> dict:
    """Sections of a new filing taken from the person's CRD record: names (1), date of birth (9),
    current registrations (4, 5), residential (11) and employment history (12), disclosures (14).
    The SSN stays on the record (shown masked); it is never copied or re-typed."""
    registrations = [r for r in crd_selectors.registrations_for(individual=individual)
                     if r.status != "terminated"]
    disclosures = list(crd_selectors.disclosures_for(individual=individual))
    questions = {f"q{KIND_QUESTION[d.kind]}": "yes" for d in disclosures if d.kind in KIND_QUESTION}
    return {
        Section.GENERAL: {"first_name": individual.first_name, "middle_name": individual.middle_name,
                          "last_name": individual.last_name, "suffix": individual.suffix},
        Section.IDENTIFYING: {"date_of_birth": individual.date_of_birth.isoformat()},
        Section.SRO_REGISTRATIONS: {"categories": sorted({r.category.code for r in registrations if r.sro})},
        Section.JURISDICTIONS: {
            "jurisdictions": sorted({r.jurisdiction.code for r in registrations if r.jurisdiction_id}),
            "state_categories": sorted({r.category.code for r in registrations if r.jurisdiction_id})},
        Section.RESIDENTIAL_HISTORY: {"rows": [
            {"from_date": r.from_date.isoformat(), "to_date": r.to_date.isoformat() if r.to_date else None,
             "address_line1": r.address_line1, "city": r.city, "state": r.state, "postal_code": r.postal_code,
             "country": r.country}
            for r in crd_selectors.residence_history_for(individual=individual)]},
        Section.EMPLOYMENT_HISTORY: {"rows": [
            {"from_date": e.start_date.isoformat(), "to_date": e.end_date.isoformat() if e.end_date else None,
             "kind": e.kind, "employer_name": e.employer_name, "position": e.position, "city": e.city,
             "state": e.state, "investment_related": e.investment_related}
            for e in crd_selectors.employment_history_for(individual=individual)]},
        Section.DISCLOSURES: {**questions, "rows": [
            {"question": KIND_QUESTION.get(d.kind, "14A"), "event_date": d.event_date.isoformat(),
             "summary": d.summary} for d in disclosures]},
    }


def filing_create(*, firm: Firm, user, individual: Individual | None = None, first_name: str = "",
                  last_name: str = "", middle_name: str = "", ssn: str = "",
                  association_kind: str = AssociationKind.EMPLOYEE, kind: str = FilingKind.INITIAL,
                  origin: Origin = NOWHERE) -> Filing:
    """A firm's new draft: for a person in CRD (prefilled from the record) or a new person
    (names and, when they have one, SSN; they get a CRD# on submission)."""
    if association_kind not in AssociationKind.values:
        raise ValidationError({"association_kind": "Choose employee or independent contractor."})
    if kind == FilingKind.AMENDMENT and individual is None:
        raise ValidationError("An amendment is filed for a person already in CRD.")
    content, new_ssn = {}, ""
    if individual is not None:
        content = prefill_from_crd(individual=individual)
    else:
        errors = {}
        if not first_name.strip():
            errors["first_name"] = "Enter the person's first name."
        if not last_name.strip():
            errors["last_name"] = "Enter the person's last name."
        if ssn:
            try:
                new_ssn = normalize_ssn(ssn)
            except ValidationError as exc:
                errors["ssn"] = exc.messages[0]
            else:
                if Individual.objects.with_ssn(new_ssn).exists():
                    errors["ssn"] = "A person with this SSN is already in CRD: start the filing with their CRD#."
        if errors:
            raise ValidationError(errors)
        content = {Section.GENERAL: {"first_name": first_name.strip(), "middle_name": middle_name.strip(),
                                     "last_name": last_name.strip()}}
    with transaction.atomic():
        if individual is not None:
            Individual.objects.select_for_update().get(pk=individual.pk)
            if Filing.objects.filter(firm=firm, individual=individual).exclude(
                    status=FilingStatus.SUBMITTED).exists():
                raise ValidationError("This person already has an open Form U4 at your firm: continue that one.")
        filing = Filing(
            firm=firm, individual=individual, kind=kind, association_kind=association_kind, content=content,
            new_ssn_ciphertext=encryption.encrypt(new_ssn) if new_ssn else "", new_ssn_last4=new_ssn[-4:],
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        filing.complete_sections = _complete_sections(filing)
        filing.save()
        _event(filing, EventAction.CREATED, user=user, origin=origin,
               detail={"prefilled": sorted(content) if individual is not None else []})
        return filing


# --- Sections -------------------------------------------------------------------------------


def filing_section_save(*, filing: Filing, section: str, data, expected_version: int, user, by_rep: bool = False,
                        origin: Origin = NOWHERE) -> Filing:
    """Save one section from form input. Invalid input raises SectionInvalid and saves nothing;
    a section saved by someone else since `expected_version` raises SectionConflict. A save after
    signing voids the signature (back to Awaiting signature, or Draft for a wet signature)."""
    if section not in u4_sections.SPECS:
        raise ValidationError("There is no such section.")
    bound = u4_sections.bind(section, data)
    if not bound.is_valid():
        raise SectionInvalid(bound)
    new = u4_sections.to_content(bound)
    with transaction.atomic():
        locked = _locked(filing)
        if by_rep:
            if locked.status != FilingStatus.WITH_REP or section not in locked.rep_sections:
                raise IllegalMove("Your firm has not opened this section to you.", code="not_allowed")
            _refuse_unless_the_person(locked, user)
        elif locked.status not in FIRM_EDITABLE_STATUSES:
            raise IllegalMove(f"This filing is {locked.get_status_display()}: its sections cannot be edited now.",
                              code="illegal_move")
        current_version = int(locked.section_versions.get(section, 0))
        if int(expected_version) != current_version:
            raise SectionConflict(current=locked.section(section), current_version=current_version, bound=bound)
        before = locked.section(section)
        locked.content = {**locked.content, section: new}
        locked.section_versions = {**locked.section_versions, section: current_version + 1}
        locked.updated_at = timezone.now()
        locked.complete_sections = _complete_sections(locked)
        voided = bool(locked.signature_hash)
        if voided:
            locked.status = FilingStatus.DRAFT if locked.signature_wet else FilingStatus.AWAITING_SIGNATURE
            _clear_signature(locked)
        ack_voided = bool(locked.acknowledged_hash)
        if ack_voided:
            locked.status = FilingStatus.AWAITING_ACKNOWLEDGMENT
            _clear_acknowledgment(locked)
        if locked.kind == FilingKind.AMENDMENT:
            locked.changed_sections = changed_sections(locked)
        locked.save()
        changed = sorted(k for k in set(before) | set(new) if before.get(k) != new.get(k))
        _event(locked, EventAction.SECTION_SAVED, user=user, origin=origin, section=section,
               detail={"by": "rep" if by_rep else "firm", "changed": changed, "before": before})
        if voided:
            _event(locked, EventAction.SIGNATURE_VOIDED, user=user, origin=origin, section=section)
        if ack_voided:
            _event(locked, EventAction.ACKNOWLEDGMENT_VOIDED, user=user, origin=origin, section=section)
        return locked


# --- Allow Rep Edits ------------------------------------------------------------------------


def filing_allow_rep_edits(*, filing: Filing, sections: list[str], user, origin: Origin = NOWHERE) -> Filing:
    """Open the chosen sections (all but 15 at most) to the person and email them."""
    chosen = [s for s in REP_EDITABLE_SECTIONS if s in set(sections)]
    if not chosen or len(chosen) != len(set(sections)):
        raise ValidationError({"sections": "Choose one or more of Sections 1 to 14."})
    with transaction.atomic():
        locked = _locked(filing)
        _refuse_unless(locked, Move.ALLOW_REP_EDITS)
        contact = _person_email(locked)
        if contact is None:
            raise ValidationError("Rep edits need a person in CRD with a FinPro account and an email address.")
        _move(locked, Move.ALLOW_REP_EDITS, user=user, origin=origin, rep_sections=chosen,
              detail={"sections": chosen})
        notify(kind="u4_rep_edits_allowed", address=contact[1], recipient=contact[0], individual=locked.individual,
               firm=locked.firm, context={"firm_name": locked.firm.name, "sections": [Section(s).label for s in chosen],
                                          "link": absolute_reverse("u4:entry", pk=locked.pk)})
        return locked


def filing_withdraw_rep_edits(*, filing: Filing, user, origin: Origin = NOWHERE) -> Filing:
    with transaction.atomic():
        return _move(_locked(filing), Move.WITHDRAW_REP_EDITS, user=user, origin=origin, rep_sections=[])


def filing_return_to_firm(*, filing: Filing, user, origin: Origin = NOWHERE) -> Filing:
    """The person ends their editing; the firm continues."""
    with transaction.atomic():
        locked = _locked(filing)
        _refuse_unless(locked, Move.RETURN_TO_FIRM)
        _refuse_unless_the_person(locked, user)
        return _move(locked, Move.RETURN_TO_FIRM, user=user, origin=origin, rep_sections=[])


# --- Signing --------------------------------------------------------------------------------


def esignature_allowed(filing: Filing) -> bool:
    """Does the firm's setting allow e-signature for this filing's association kind?"""
    return filing.individual_id is not None and esignature_enabled_for(
        association=Association(firm=filing.firm, kind=filing.association_kind))


def filing_send_for_signature(*, filing: Filing, user, origin: Origin = NOWHERE) -> Filing:
    """Send the complete filing to the person to e-sign (when the firm's setting allows it)."""
    with transaction.atomic():
        locked = _locked(filing)
        _refuse_unless(locked, Move.SEND_FOR_SIGNATURE)
        if not esignature_allowed(locked):
            raise ValidationError("E-signature is off in your firm's settings for this kind of association "
                                  "(or the person is not in CRD yet): record a wet signature instead.")
        contact = _person_email(locked)
        if contact is None:
            raise ValidationError("The person has no FinPro account with an email address to sign with.")
        _refuse_incomplete(locked)
        _move(locked, Move.SEND_FOR_SIGNATURE, user=user, origin=origin, rep_sections=[])
        notify(kind="u4_signature_requested", address=contact[1], recipient=contact[0],
               individual=locked.individual, firm=locked.firm,
               context={"firm_name": locked.firm.name, "link": absolute_reverse("u4:sign", pk=locked.pk)})
        return locked


def filing_record_wet_signature(*, filing: Filing, user, origin: Origin = NOWHERE) -> Filing:
    """The firm records that it holds the person's signature on paper."""
    with transaction.atomic():
        locked = _locked(filing)
        _refuse_unless(locked, Move.RECORD_WET_SIGNATURE)
        _refuse_incomplete(locked)
        return _move(locked, Move.RECORD_WET_SIGNATURE, user=user, origin=origin, rep_sections=[],
                     signature_hash=content_hash(locked), signature_wet=True, signed_at=timezone.now(),
                     signed_by=user, signature_name=locked.person_name)


def filing_stop_signing(*, filing: Filing, user, origin: Origin = NOWHERE) -> Filing:
    """Only the firm stops signing: the filing is a Draft again and any signature is void."""
    with transaction.atomic():
        locked = _locked(filing)
        _refuse_unless(locked, Move.STOP_SIGNING)
        _clear_signature(locked)
        _clear_acknowledgment(locked)
        return _move(locked, Move.STOP_SIGNING, user=user, origin=origin)


def filing_opened(*, filing: Filing, user, origin: Origin = NOWHERE) -> FilingEvent:
    """The person opened the filing to sign it (an audit event, no change of status)."""
    return _event(filing, EventAction.OPENED, user=user, origin=origin, consent_version=CONSENT_VERSION)


def _normal_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def filing_sign(*, filing: Filing, user, signature_name: str, consent: bool, origin: Origin = NOWHERE) -> Filing:
    """The person e-signs the read-only final version: the signature binds the SHA-256 of the
    canonical content and the 15A consent version, the filing returns to the firm, and the firm
    user who started it is emailed."""
    if not consent:
        raise ValidationError({"consent": "Check the box to agree to the Section 15A acknowledgment and consent."})
    with transaction.atomic():
        locked = _locked(filing)
        _refuse_unless(locked, Move.SIGN)
        if locked.individual_id is None or user.individual_id != locked.individual_id:
            raise IllegalMove("Only the person this filing is for can sign it.", code="not_allowed")
        if _normal_name(signature_name) != _normal_name(locked.individual.full_name):
            raise ValidationError({"signature_name": f"Sign with your full legal name: "
                                                     f"{locked.individual.full_name}."})
        _move(locked, Move.SIGN, user=user, origin=origin, signature_hash=content_hash(locked),
              signature_name=" ".join(signature_name.split()), signature_wet=False, signed_at=timezone.now(),
              signed_by=user, consent_version=CONSENT_VERSION)
        publish(firm_id=locked.firm_id, event=FirmEvent.U4_SIGNED,
                data={"filing_id": locked.pk, "kind": locked.kind, "crd_number": locked.individual.crd_number,
                      "status": locked.status, "consent_version": CONSENT_VERSION})
        firm_user = locked.created_by
        if firm_user is not None and firm_user.email:
            notify(kind="u4_signed", address=firm_user.email, recipient=firm_user, firm=locked.firm,
                   context={"firm_name": locked.firm.name, "person_name": locked.person_name,
                            "link": absolute_reverse("firm:u4_detail", crd_number=locked.firm.crd_number,
                                                     pk=locked.pk)})
        return locked


# --- Submission -----------------------------------------------------------------------------


def _learning_plan_assign(*, individual: Individual) -> None:
    """The person's CE learning plan for this year follows their registrations (ce owns the rule)."""
    from ce.services import learning_plan_assign

    learning_plan_assign(individual=individual, year=timezone.localdate().year)


def _d(value):
    from datetime import date

    return date.fromisoformat(value) if value else None


def _write_names(filing: Filing, individual: Individual, today=None) -> Individual:
    general = filing.content[Section.GENERAL]
    return crd_services.individual_names_update(
        individual=individual, first_name=general["first_name"], middle_name=general.get("middle_name", ""),
        last_name=general["last_name"], suffix=general.get("suffix", ""))


def _write_registrations(filing: Filing, individual: Individual, today) -> None:
    content = filing.content
    jurisdictions = content.get(Section.JURISDICTIONS, {})
    crd_services.registrations_request(
        individual=individual, firm=filing.firm,
        sro_categories=content.get(Section.SRO_REGISTRATIONS, {}).get("categories", []),
        state_categories=jurisdictions.get("state_categories", []),
        jurisdictions=jurisdictions.get("jurisdictions", []), today=today)


def _write_histories(filing: Filing, individual: Individual, today=None) -> None:
    content = filing.content
    crd_services.histories_replace(
        individual=individual,
        residences=[{"address_line1": r["address_line1"], "city": r["city"], "state": r.get("state", ""),
                     "postal_code": r["postal_code"], "country": r.get("country") or "US",
                     "from_date": _d(r["from_date"]), "to_date": _d(r.get("to_date"))}
                    for r in content[Section.RESIDENTIAL_HISTORY]["rows"]],
        employments=[{"kind": e["kind"], "employer_name": e.get("employer_name", ""),
                      "position": e.get("position", ""), "city": e.get("city", ""), "state": e.get("state", ""),
                      "investment_related": bool(e.get("investment_related")), "start_date": _d(e["from_date"]),
                      "end_date": _d(e.get("to_date"))}
                     for e in content[Section.EMPLOYMENT_HISTORY]["rows"]])


def _write_disclosures(filing: Filing, individual: Individual, today) -> None:
    crd_services.disclosures_add(individual=individual, events=[
        {"kind": QUESTION_KIND[row["question"]], "event_date": _d(row["event_date"]), "summary": row["summary"],
         "reported_on": today} for row in filing.content[Section.DISCLOSURES].get("rows", [])])


def _write_to_crd(filing: Filing, today) -> Individual:
    content = filing.content
    general, identifying = content[Section.GENERAL], content[Section.IDENTIFYING]
    residences = content[Section.RESIDENTIAL_HISTORY]["rows"]
    current = next((r for r in residences if not r.get("to_date")), residences[0])
    if filing.individual_id is None:
        if filing.new_ssn_ciphertext and Individual.objects.filter(
                ssn_index=encryption.blind_index(encryption.decrypt(filing.new_ssn_ciphertext))).exists():
            raise ValidationError("A person with this SSN was added to CRD after this draft was started: "
                                  "start a new filing with their CRD#.", code="ssn_taken")
        individual = crd_services.individual_create(
            first_name=general["first_name"], middle_name=general.get("middle_name", ""),
            last_name=general["last_name"], suffix=general.get("suffix", ""),
            date_of_birth=_d(identifying["date_of_birth"]),
            address_line1=current["address_line1"], city=current["city"], state=current.get("state", ""),
            postal_code=current["postal_code"], country=current.get("country", "US"),
            ssn_ciphertext=filing.new_ssn_ciphertext)
    else:
        individual = _write_names(filing, filing.individual)
    kind = (AssociationKind.INDEPENDENT_CONTRACTOR if general.get("independent_contractor") == "yes"
            else AssociationKind.EMPLOYEE)
    crd_services.association_start(individual=individual, firm=filing.firm, kind=kind,
                                   start_date=_d(general["employment_date"]))
    _write_registrations(filing, individual, today)
    _write_histories(filing, individual)
    _write_disclosures(filing, individual, today)
    return individual


def _open_exam_windows(*, filing: Filing, individual: Individual) -> None:
    """The exam requests of a submitted filing open windows; exams owns the rule."""
    from exams.services import windows_open_for_filing

    windows_open_for_filing(filing=filing, individual=individual)


def filing_submit(*, filing: Filing, user, origin: Origin = NOWHERE) -> Filing:
    """Submit a signed, complete filing: in one transaction CRD gets the person (created or
    updated), the association, Pending registrations, the histories and the disclosures; the
    exam requests open windows and the CE learning plan is reassigned. An amendment goes
    through `amendment_submit`."""
    if filing.kind == FilingKind.AMENDMENT:
        return amendment_submit(filing=filing, user=user, origin=origin)
    with transaction.atomic():
        locked = _locked(filing)
        _refuse_unless(locked, Move.SUBMIT)
        if not signature_is_valid(locked):
            raise IllegalMove("The signature does not match the filing's content: stop signing and sign again.",
                              code="signature_void")
        _refuse_incomplete(locked)
        today = timezone.localdate()
        individual = _write_to_crd(locked, today)
        _open_exam_windows(filing=locked, individual=individual)
        _move(locked, Move.SUBMIT, user=user, origin=origin, individual=individual, submitted_at=timezone.now(),
              detail={"crd_number": individual.crd_number})
        filing_pdf_store(filing=locked)
        locked.save(update_fields=["pdf"])
        _learning_plan_assign(individual=individual)
        _programs_reregistered(individual=individual)
        publish(firm_id=locked.firm_id, event=FirmEvent.U4_SUBMITTED,
                data={"filing_id": locked.pk, "kind": locked.kind, "crd_number": individual.crd_number,
                      "individual_crd_number": individual.crd_number, "status": locked.status})
        return locked


# --- Amendments -----------------------------------------------------------------------------


def amendment_due_date(*, facts_date, statutory_disqualification: bool):
    """30 days after the facts, 10 for a statutory disqualification (DOMAIN.md "Form U4")."""
    from datetime import timedelta

    days = AMENDMENT_DUE_DAYS_STATUTORY_DISQUALIFICATION if statutory_disqualification else AMENDMENT_DUE_DAYS
    return facts_date + timedelta(days=days)


def _normalized(section: str, content: dict | None) -> dict:
    """A section's content as its form would store it, so a section re-saved unchanged is not
    counted as changed (prefilled content may differ in shape, not in meaning)."""
    content = content or {}
    bound = u4_sections.bind(section, u4_sections.content_as_data(section, content))
    return u4_sections.to_content(bound) if content and bound.is_valid() else content


def changed_sections(filing: Filing) -> list[str]:
    """The sections of an amendment that differ from the filing it amends."""
    if filing.amends_id is None:
        return []
    base = filing.amends
    return [key for key in u4_sections.SPECS
            if _normalized(key, filing.section(key)) != _normalized(key, base.section(key))]


def latest_submitted(*, firm: Firm, individual: Individual) -> Filing | None:
    return (Filing.objects.filter(firm=firm, individual=individual, status=FilingStatus.SUBMITTED)
            .order_by("-submitted_at", "-id").first())


def amendment_create(*, filing: Filing, user, facts_date, statutory_disqualification: bool = False,
                     origin: Origin = NOWHERE) -> Filing:
    """Start an amendment of a submitted filing: a Draft with the filing's content, due 30 days
    after `facts_date` (10 for a statutory disqualification). Only the sections the firm then
    changes are amended."""
    if facts_date is None:
        raise ValidationError({"facts_date": "Enter the date of the facts this amendment reports."})
    if facts_date > timezone.localdate():
        raise ValidationError({"facts_date": "The facts cannot be in the future."})
    with transaction.atomic():
        base = Filing.objects.select_for_update(of=("self",)).select_related("firm", "individual").get(pk=filing.pk)
        if base.status != FilingStatus.SUBMITTED:
            raise IllegalMove("Only a submitted Form U4 can be amended.", code="illegal_move")
        Individual.objects.select_for_update().get(pk=base.individual_id)
        latest = latest_submitted(firm=base.firm, individual=base.individual)
        if latest.pk != base.pk:
            raise ValidationError(f"Amend the latest submitted filing (#{latest.pk}) instead.", code="not_latest")
        if Filing.objects.filter(firm=base.firm, individual=base.individual).exclude(
                status=FilingStatus.SUBMITTED).exists():
            raise ValidationError("This person already has an open Form U4 at your firm: continue that one.",
                                  code="open_filing")
        amendment = Filing(
            firm=base.firm, individual=base.individual, kind=FilingKind.AMENDMENT, amends=base,
            association_kind=base.association_kind, content=base.content, facts_date=facts_date,
            statutory_disqualification=statutory_disqualification,
            due_date=amendment_due_date(facts_date=facts_date,
                                        statutory_disqualification=statutory_disqualification),
            created_by=user if getattr(user, "is_authenticated", False) else None)
        amendment.complete_sections = _complete_sections(amendment)
        amendment.save()
        _event(amendment, EventAction.CREATED, user=user, origin=origin,
               detail={"amends": base.pk, "facts_date": facts_date, "due_date": amendment.due_date,
                       "statutory_disqualification": statutory_disqualification})
        return amendment


def _refuse_unless_amendment(filing: Filing) -> None:
    if filing.kind != FilingKind.AMENDMENT:
        raise IllegalMove("Only an amendment can do this.", code="illegal_move")


def amendment_request_acknowledgment(*, filing: Filing, user, origin: Origin = NOWHERE) -> Filing:
    """Show a disclosure amendment to the person (a task and an email) so they can acknowledge it
    in FinPro instead of signing a new Form U4."""
    with transaction.atomic():
        locked = _locked(filing)
        _refuse_unless_amendment(locked)
        _refuse_unless(locked, Move.REQUEST_ACKNOWLEDGMENT)
        if Section.DISCLOSURES not in locked.changed_sections:
            raise ValidationError("This amendment changes no disclosure: submit it without the person.",
                                  code="no_disclosure_change")
        contact = _person_email(locked)
        if contact is None:
            raise ValidationError("The person has no FinPro account with an email address to acknowledge with: "
                                  "record a wet signature instead.")
        _refuse_incomplete(locked)
        _move(locked, Move.REQUEST_ACKNOWLEDGMENT, user=user, origin=origin, rep_sections=[],
              detail={"sections": locked.changed_sections})
        notify(kind="u4_acknowledgment_requested", address=contact[1], recipient=contact[0],
               individual=locked.individual, firm=locked.firm,
               context={"firm_name": locked.firm.name,
                        "link": absolute_reverse("u4:acknowledge", pk=locked.pk)})
        return locked


def amendment_acknowledge(*, filing: Filing, user, acknowledged: bool, origin: Origin = NOWHERE) -> Filing:
    """The person acknowledges the amended disclosures they were shown: the acknowledgment binds
    the SHA-256 of the content, and any later change voids it."""
    if not acknowledged:
        raise ValidationError({"acknowledged": "Check the box to acknowledge the amended disclosures."})
    with transaction.atomic():
        locked = _locked(filing)
        _refuse_unless_amendment(locked)
        _refuse_unless(locked, Move.ACKNOWLEDGE)
        _refuse_unless_the_person(locked, user)
        digest = content_hash(locked)
        return _move(locked, Move.ACKNOWLEDGE, user=user, origin=origin, acknowledged_hash=digest,
                     acknowledged_at=timezone.now(),
                     detail={"content_hash": digest, "sections": locked.changed_sections})


def acknowledgment_is_valid(filing: Filing) -> bool:
    return bool(filing.acknowledged_hash) and filing.acknowledged_hash == content_hash(filing)


_CRD_WRITERS = {
    Section.GENERAL: _write_names,
    Section.SRO_REGISTRATIONS: _write_registrations,
    Section.JURISDICTIONS: _write_registrations,
    Section.RESIDENTIAL_HISTORY: _write_histories,
    Section.EMPLOYMENT_HISTORY: _write_histories,
    Section.DISCLOSURES: _write_disclosures,
}


def amendment_submit(*, filing: Filing, user, origin: Origin = NOWHERE) -> Filing:
    """Submit an amendment: only its changed sections are written to CRD, in one transaction.
    A disclosure change needs the person's acknowledgment (or a valid signature) first; other
    changes need no new signature."""
    with transaction.atomic():
        locked = _locked(filing)
        _refuse_unless_amendment(locked)
        _refuse_unless(locked, Move.SUBMIT_AMENDMENT)
        changed = changed_sections(locked)
        if not changed:
            raise ValidationError("Nothing is changed from the amended filing: edit the sections to amend first.",
                                  code="no_change")
        if locked.status == FilingStatus.SIGNED and not signature_is_valid(locked):
            raise IllegalMove("The signature does not match the filing's content: stop signing and sign again.",
                              code="signature_void")
        if Section.DISCLOSURES in changed and not (
                (locked.status == FilingStatus.ACKNOWLEDGED and acknowledgment_is_valid(locked))
                or locked.status == FilingStatus.SIGNED):
            raise IllegalMove("This amendment changes disclosures: the person must acknowledge the change in "
                              "FinPro (or sign) before you submit it.", code="needs_acknowledgment")
        _refuse_incomplete(locked)
        today = timezone.localdate()
        individual = locked.individual
        writers = []
        for key in changed:
            writer = _CRD_WRITERS.get(key)
            if writer is not None and writer not in writers:
                writers.append(writer)
        for writer in writers:
            writer(locked, individual, today)
        _move(locked, Move.SUBMIT_AMENDMENT, user=user, origin=origin, submitted_at=timezone.now(),
              changed_sections=changed, detail={"sections": changed, "amends": locked.amends_id})
        filing_pdf_store(filing=locked)
        locked.save(update_fields=["pdf"])
        if Section.EXAM_REQUESTS in changed:
            _open_exam_windows(filing=locked, individual=individual)
        if {Section.SRO_REGISTRATIONS, Section.JURISDICTIONS} & set(changed):
            _learning_plan_assign(individual=individual)
            _programs_reregistered(individual=individual)
        publish(firm_id=locked.firm_id, event=FirmEvent.U4_SUBMITTED,
                data={"filing_id": locked.pk, "kind": locked.kind, "crd_number": individual.crd_number,
                      "individual_crd_number": individual.crd_number, "status": locked.status})
        return locked


def _programs_reregistered(*, individual: Individual) -> None:
    """Registered again: a program participation in the category ends (programs owns the rule)."""
    from programs.services import eligibility_refresh, enrollments_end_for_reregistration

    enrollments_end_for_reregistration(individual=individual)
    eligibility_refresh(individual=individual)
