"""Every write of Form U5. A filing or an amendment is submitted whole, in one transaction with
the person's row locked: the filing row and its DRPs, then CRD (the association ends, the
registrations end, the disclosures go on the record), the CE learning plan, the programs'
eligibility, the firm event and the email to the person. A refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crd import services as crd_services
from crd.choices import RegistrationStatus
from crd.models import Association, Firm, Individual, Registration
from finpro.events import FirmEvent, publish
from finpro.links import absolute_reverse
from notifications.services import notify

from .choices import ACKNOWLEDGMENT_TEXT_VERSION, QUESTION_KIND, FilingKind, Question, TerminationReason
from .documents import filing_pdf_store
from .models import DisclosureReportingPage, Filing


@dataclass(frozen=True)
class Address:
    address_line1: str
    city: str
    postal_code: str
    address_line2: str = ""
    state: str = ""
    country: str = "US"


@dataclass(frozen=True)
class Termination:
    """Sections 3 / 5 / 6 / 7 of a filing, as the firm gave them."""

    termination_date: dt.date
    reason: str = ""
    reason_explanation: str = ""
    partial_sros: list[str] = field(default_factory=list)
    partial_jurisdictions: list[str] = field(default_factory=list)
    affiliated_firm_names: str = ""
    answers: dict = field(default_factory=dict)
    drps: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Acknowledgment:
    """Section 8A: the filing user's name as the firm's signature, given after re-authentication."""

    name: str
    acknowledged: bool


# --- Validation shared by filings and amendments ---------------------------------------------


def _refuse_unless_acknowledged(ack: Acknowledgment) -> None:
    errors = {}
    if not (ack.name or "").strip():
        errors["acknowledgment_name"] = "Sign with your full name."
    if not ack.acknowledged:
        errors["acknowledge"] = "Check the box to sign the firm's acknowledgment (8A)."
    if errors:
        raise ValidationError(errors)


def _check_reason_and_drps(t: Termination) -> None:
    errors = {}
    if t.reason not in TerminationReason.values:
        errors["reason"] = "Choose the reason for the termination."
    elif t.reason != TerminationReason.VOLUNTARY and not t.reason_explanation.strip():
        errors["reason_explanation"] = "Explain the termination (required unless it was voluntary)."
    answers = {q: t.answers.get(q, "no") for q in Question.values}
    if any(a not in ("yes", "no") for a in answers.values()) or set(t.answers) - set(Question.values):
        errors["answers"] = "Answer each disclosure question Yes or No."
    drp_questions = [d["question"] for d in t.drps]
    if sorted(drp_questions) != sorted(q for q, a in answers.items() if a == "yes"):
        errors["drps"] = "Give one Disclosure Reporting Page for each “Yes”, and none for a “No”."
    for drp in t.drps:
        if not str(drp.get("summary", "")).strip() or not drp.get("event_date"):
            errors["drps"] = "Each Disclosure Reporting Page needs the event's date and what happened."
    if errors:
        raise ValidationError(errors)


def _check_date(t: Termination, association: Association, today: dt.date) -> None:
    if t.termination_date > today:
        raise ValidationError({"termination_date": "The termination date cannot be in the future."})
    if t.termination_date < association.start_date:
        raise ValidationError({"termination_date": f"The termination date is before the person joined the firm "
                                                   f"({association.start_date:%m/%d/%Y})."})


def _answers(t: Termination) -> dict:
    return {q: t.answers.get(q, "no") for q in Question.values}


def _write_drps(filing: Filing, drps: list[dict]) -> None:
    DisclosureReportingPage.objects.bulk_create([
        DisclosureReportingPage(filing=filing, question=d["question"], event_date=d["event_date"],
                                summary=d["summary"].strip()) for d in drps])


def _disclosures_to_crd(individual: Individual, drps: list[dict], today: dt.date) -> None:
    crd_services.disclosures_add(individual=individual, events=[
        {"kind": QUESTION_KIND[Question(d["question"])], "event_date": d["event_date"],
         "summary": f"Form U5 {d['question']}: {d['summary'].strip()}", "reported_on": today} for d in drps])


# --- Selection of the registrations a filing ends -------------------------------------------


def open_registrations(*, individual: Individual, firm: Firm):
    return (Registration.objects.filter(individual=individual, firm=firm)
            .exclude(status=RegistrationStatus.TERMINATED).select_related("jurisdiction", "category"))


def partial_choices(*, individual: Individual, firm: Firm) -> tuple[list[str], list[str]]:
    """The SROs (5A) and jurisdictions (5B) of the person's open registrations with the firm."""
    regs = list(open_registrations(individual=individual, firm=firm))
    sros = sorted({r.sro for r in regs if r.sro})
    places = sorted({r.jurisdiction.code for r in regs if r.jurisdiction_id})
    return sros, places


def _chosen(registrations: list[Registration], t: Termination) -> list[Registration]:
    sros, places = set(t.partial_sros), set(t.partial_jurisdictions)
    return [r for r in registrations
            if (r.sro and r.sro in sros) or (r.jurisdiction_id and r.jurisdiction.code in places)]


def _terminate(registrations: list[Registration], on: dt.date, reason: str) -> None:
    for registration in registrations:
        registration.status = RegistrationStatus.TERMINATED
        registration.status_date = on
        registration.terminated_on = max(on, registration.approved_on or on)
        registration._change_reason = reason[:100]
        registration.save()


# --- Follow-ups owned by other apps -----------------------------------------------------------


def _learning_plan_assign(*, individual: Individual) -> None:
    from ce.services import learning_plan_assign

    learning_plan_assign(individual=individual, year=timezone.localdate().year)


def _programs_eligibility_refresh(*, individual: Individual) -> None:
    from programs.services import eligibility_refresh

    eligibility_refresh(individual=individual)


def _tell_the_person(filing: Filing) -> None:
    """"A new Form U5 is on file": to the person's personal email, no detail of the filing."""
    user = getattr(filing.individual, "account", None)
    if user is None or not user.email:
        return
    notify(kind="u5_filed", address=user.email, recipient=user, individual=filing.individual, firm=filing.firm,
           context={"link": absolute_reverse("u5:overview")})


def _after_submission(filing: Filing, *, today: dt.date) -> Filing:
    filing_pdf_store(filing=filing)
    filing.save(update_fields=["pdf"])
    _learning_plan_assign(individual=filing.individual)
    _programs_eligibility_refresh(individual=filing.individual)
    publish(firm_id=filing.firm_id, event=FirmEvent.U5_FILED, data={
        "filing": filing.pk, "kind": filing.kind, "individual_crd_number": filing.individual.crd_number,
        "amends": filing.amends_id, "termination_date": filing.termination_date.isoformat()})
    _tell_the_person(filing)
    return filing


# --- Submission -----------------------------------------------------------------------------


def filing_submit(*, firm: Firm, individual: Individual, kind: str, address: Address, termination: Termination,
                  acknowledgment: Acknowledgment, user) -> Filing:
    """File a full or partial Form U5 for a person currently associated with the firm. Full:
    the association ends on the termination date and every open registration through the firm
    is terminated; the "Yes" answers of Section 7 go on the record as disclosures. Partial: only
    the registrations with the chosen SROs (5A) and jurisdictions (5B) end; no reason, no
    disclosure questions."""
    if kind not in (FilingKind.FULL, FilingKind.PARTIAL):
        raise ValidationError({"kind": "Choose a full or a partial termination."})
    _refuse_unless_acknowledged(acknowledgment)
    t = termination
    if kind == FilingKind.FULL:
        _check_reason_and_drps(t)
    elif t.reason or t.reason_explanation or any(a == "yes" for a in t.answers.values()) or t.drps:
        raise ValidationError("A partial termination has no reason and no disclosure questions.")
    today = timezone.localdate()
    with transaction.atomic():
        locked = Individual.objects.select_for_update().get(pk=individual.pk)
        association = Association.objects.select_for_update().filter(
            individual=locked, firm=firm, end_date__isnull=True).first()
        if association is None:
            raise ValidationError("This person is not currently associated with your firm: "
                                  "a Form U5 cannot be filed for them.", code="not_associated")
        _check_date(t, association, today)
        open_regs = list(open_registrations(individual=locked, firm=firm).select_for_update(of=("self",)))
        if kind == FilingKind.FULL:
            ending = open_regs
        else:
            sros, places = partial_choices(individual=locked, firm=firm)
            if set(t.partial_sros) - set(sros) or set(t.partial_jurisdictions) - set(places):
                raise ValidationError({"partial_sros": "Choose only SROs and jurisdictions the person is "
                                                       "registered with through your firm."})
            ending = _chosen(open_regs, t)
            if not ending:
                raise ValidationError({"partial_sros": "Choose the SROs (5A) or jurisdictions (5B) whose "
                                                       "registrations end."})
            if len(ending) == len(open_regs):
                raise ValidationError({"partial_sros": "That ends every registration with your firm: "
                                                       "file a full termination instead."})
        filing = Filing.objects.create(
            firm=firm, individual=locked, kind=kind, **vars(address), termination_date=t.termination_date,
            reason=t.reason if kind == FilingKind.FULL else "",
            reason_explanation=t.reason_explanation.strip() if kind == FilingKind.FULL else "",
            partial_sros=sorted(t.partial_sros) if kind == FilingKind.PARTIAL else [],
            partial_jurisdictions=sorted(t.partial_jurisdictions) if kind == FilingKind.PARTIAL else [],
            affiliated_firm_names=t.affiliated_firm_names.strip() if kind == FilingKind.FULL else "",
            disclosure_answers=_answers(t) if kind == FilingKind.FULL else {},
            acknowledgment_name=" ".join(acknowledgment.name.split()),
            acknowledgment_version=ACKNOWLEDGMENT_TEXT_VERSION,
            filed_by=user if getattr(user, "is_authenticated", False) else None, filed_at=timezone.now())
        _write_drps(filing, t.drps if kind == FilingKind.FULL else [])
        _terminate(ending, t.termination_date, f"Form U5 #{filing.pk} ({filing.get_kind_display()})")
        filing.registrations.set(ending)
        if kind == FilingKind.FULL:
            association.end_date = t.termination_date
            association._change_reason = f"Form U5 #{filing.pk}"
            association.save()
            _disclosures_to_crd(locked, t.drps, today)
        return _after_submission(filing, today=today)


def amendment_submit(*, filing: Filing, address: Address, termination: Termination,
                     acknowledgment: Acknowledgment, user) -> Filing:
    """Amend a filing of the firm: only the termination date, the reason, the residential
    address and (full terminations) the disclosures change; the registrations and association the
    original ended take the new date; new "Yes" answers go on the record."""
    _refuse_unless_acknowledged(acknowledgment)
    original = filing.original
    partial = original.kind == FilingKind.PARTIAL
    t = termination
    if partial:
        if t.reason or t.reason_explanation or t.drps or any(a == "yes" for a in t.answers.values()):
            raise ValidationError("An amendment of a partial termination has no reason and no disclosure questions.")
    else:
        _check_reason_and_drps(t)
    if t.partial_sros or t.partial_jurisdictions or t.affiliated_firm_names:
        raise ValidationError("An amendment cannot change which registrations ended or the affiliated firms.")
    today = timezone.localdate()
    with transaction.atomic():
        locked = Individual.objects.select_for_update().get(pk=original.individual_id)
        association = Association.objects.select_for_update().filter(
            individual=locked, firm=original.firm).order_by("-start_date").first()
        _check_date(t, association, today)
        latest = original.amendments.order_by("-filed_at", "-id").first() or original
        amendment = Filing.objects.create(
            firm=original.firm, individual=locked, kind=FilingKind.AMENDMENT, amends=original, **vars(address),
            termination_date=t.termination_date, reason="" if partial else t.reason,
            reason_explanation="" if partial else t.reason_explanation.strip(),
            partial_sros=original.partial_sros, partial_jurisdictions=original.partial_jurisdictions,
            affiliated_firm_names=original.affiliated_firm_names,
            disclosure_answers={} if partial else _answers(t),
            acknowledgment_name=" ".join(acknowledgment.name.split()),
            acknowledgment_version=ACKNOWLEDGMENT_TEXT_VERSION,
            filed_by=user if getattr(user, "is_authenticated", False) else None, filed_at=timezone.now())
        _write_drps(amendment, [] if partial else t.drps)
        ended = list(original.registrations.select_for_update(of=("self",)))
        amendment.registrations.set(ended)
        if t.termination_date != latest.termination_date:
            _terminate(ended, t.termination_date, f"Form U5 amendment #{amendment.pk}: termination date")
            if not partial and association is not None and association.end_date is not None:
                association.end_date = t.termination_date
                association._change_reason = f"Form U5 amendment #{amendment.pk}"
                association.save()
        if not partial:
            _disclosures_to_crd(locked, t.drps, today)
        return _after_submission(amendment, today=today)
