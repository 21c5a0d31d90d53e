"""Writes to the CRD record made by the rep themself: attestations and, for a person not
with a firm, the residential address. Each is one atomic function with the row locked."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from finpro import events
from firmsettings.selectors import attestation_enabled_for

from .choices import AttestationAnswer
from .models import Attestation, Firm, Individual, Registration, ResidenceHistory
from .selectors import current_associations, individual_with_record_change

COMMENT_MAX = 2000


def attestation_record(*, individual: Individual, firm: Firm, answer: str, comment: str = "", user=None,
                       now: dt.datetime | None = None) -> Attestation:
    """Record that `individual` certifies, for `firm`, that their record is correct or needs
    to be updated (then `comment` says what). Refused unless the person is currently with the
    firm and the firm has attestation on for their association kind."""
    comment = (comment or "").strip()
    if answer not in AttestationAnswer.values:
        raise ValidationError({"answer": "Choose whether your record is correct or needs to be updated."})
    if answer == AttestationAnswer.NEEDS_UPDATE and not comment:
        raise ValidationError({"comment": "Tell your firm what needs to be updated."})
    if len(comment) > COMMENT_MAX:
        raise ValidationError({"comment": f"Keep the comment under {COMMENT_MAX} characters."})
    with transaction.atomic():
        locked = Individual.objects.select_for_update().get(pk=individual.pk)
        association = next(
            (a for a in current_associations(individual=locked) if a.firm_id == firm.pk), None)
        if association is None or not attestation_enabled_for(association=association):
            raise ValidationError("This firm does not ask you to certify your record.")
        changed_at = individual_with_record_change(individual_id=locked.pk).record_changed_at
        attestation = Attestation.objects.create(
            individual=locked, firm=firm, association_kind=association.kind, answer=answer,
            comment=comment,
            attested_at=now or timezone.now(), record_changed_at=changed_at, user=user,
        )
        events.publish(firm_id=firm.pk, event=events.FirmEvent.ATTESTATION_RECORDED, data={
            "attestation_id": attestation.pk, "crd_number": locked.crd_number, "answer": answer})
        return attestation


def _refuse_when_with_a_firm(individual: Individual) -> None:
    if current_associations(individual=individual):
        raise ValidationError(
            "You are with a firm: your firm updates your residential address on Form U4.")


def individual_address_confirm(*, individual: Individual, user=None, today: dt.date | None = None) -> Individual:
    """A person not with a firm confirms the residential address on file is still current."""
    with transaction.atomic():
        locked = Individual.objects.select_for_update().get(pk=individual.pk)
        _refuse_when_with_a_firm(locked)
        locked.address_confirmed_on = today or timezone.localdate()
        locked.save(update_fields=["address_confirmed_on", "updated_at"])
        return locked


def individual_address_update(*, individual: Individual, address_line1: str, city: str, postal_code: str,
                              state: str = "", address_line2: str = "", country: str = "US", user=None,
                              today: dt.date | None = None) -> Individual:
    """A person not with a firm moves: the new address goes on file, confirmed today, and the
    residential history closes the old address and opens the new one."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Individual.objects.select_for_update().get(pk=individual.pk)
        _refuse_when_with_a_firm(locked)
        locked.address_line1, locked.address_line2 = address_line1.strip(), address_line2.strip()
        locked.city, locked.state, locked.postal_code = city.strip(), state.strip().upper(), postal_code.strip()
        locked.country = country or "US"
        locked.address_confirmed_on = today
        locked.full_clean(exclude=["ssn_ciphertext", "ssn_index", "ssn_last4", "crd_number"])
        locked.save()
        for open_residence in ResidenceHistory.objects.select_for_update().filter(
                individual=locked, to_date__isnull=True):
            open_residence.to_date = max(today, open_residence.from_date)
            open_residence.save(update_fields=["to_date"])
        ResidenceHistory.objects.create(
            individual=locked, address_line1=locked.address_line1, city=locked.city, state=locked.state,
            postal_code=locked.postal_code, country=locked.country, from_date=today,
        )
        return locked


# --- Registration status changes asked for by continuing education --------------------------------


def _registrations_move(*, individual: Individual, from_statuses: list[str], to_status: str, reason: str,
                        today: dt.date | None = None) -> int:
    """Move the person's registrations in `from_statuses` to `to_status`, each saved with
    `reason` in its history. Returns how many moved."""
    from .choices import RegistrationStatus

    today = today or timezone.localdate()
    moved = 0
    with transaction.atomic():
        rows = Registration.objects.select_for_update().filter(individual=individual, status__in=from_statuses)
        for registration in rows:
            registration.status = to_status
            registration.status_date = today
            if to_status == RegistrationStatus.TERMINATED:
                registration.terminated_on = max(today, registration.approved_on or today)
            registration._change_reason = reason[:100]
            registration.save()
            moved += 1
    return moved


def registrations_ce_inactivate(*, individual: Individual, reason: str, today: dt.date | None = None) -> int:
    """The person did not complete the Regulatory Element by Dec 31: approved registrations
    become CE Inactive."""
    from .choices import RegistrationStatus

    return _registrations_move(individual=individual, from_statuses=[RegistrationStatus.APPROVED],
                               to_status=RegistrationStatus.CE_INACTIVE, reason=reason, today=today)


def registrations_ce_reactivate(*, individual: Individual, reason: str, today: dt.date | None = None) -> int:
    """The person completed the overdue Regulatory Element: CE Inactive registrations are approved again."""
    from .choices import RegistrationStatus

    return _registrations_move(individual=individual, from_statuses=[RegistrationStatus.CE_INACTIVE],
                               to_status=RegistrationStatus.APPROVED, reason=reason, today=today)


def registrations_terminate_for_ce(*, individual: Individual, reason: str, today: dt.date | None = None) -> int:
    """CE Inactive two years in a row: the registrations are administratively terminated."""
    from .choices import RegistrationStatus

    return _registrations_move(
        individual=individual, from_statuses=[RegistrationStatus.CE_INACTIVE, RegistrationStatus.APPROVED],
        to_status=RegistrationStatus.TERMINATED, reason=reason, today=today)


# --- Writes of a submitted Form U4 (called by u4.services.filing_submit, inside its transaction) ---


def individual_create(*, first_name: str, last_name: str, date_of_birth: dt.date, address_line1: str,
                      city: str, postal_code: str, state: str = "", country: str = "US", middle_name: str = "",
                      suffix: str = "", ssn_ciphertext: str = "") -> Individual:
    """A new person in CRD with the next free CRD#. The SSN arrives encrypted (from the filing)."""
    from finpro import encryption

    # Lock the row holding the highest CRD#; the unique constraint catches any other race.
    highest = Individual.objects.select_for_update().order_by("-crd_number").first()
    last = highest.crd_number if highest else 0
    individual = Individual(
        crd_number=last + 1, first_name=first_name, middle_name=middle_name, last_name=last_name, suffix=suffix,
        date_of_birth=date_of_birth, address_line1=address_line1, city=city, state=state,
        postal_code=postal_code, country=country or "US",
    )
    individual.set_ssn(encryption.decrypt(ssn_ciphertext) if ssn_ciphertext else None)
    individual.save()
    return individual


def individual_names_update(*, individual: Individual, first_name: str, last_name: str, middle_name: str = "",
                            suffix: str = "") -> Individual:
    locked = Individual.objects.select_for_update().get(pk=individual.pk)
    locked.first_name, locked.middle_name, locked.last_name, locked.suffix = first_name, middle_name, last_name, suffix
    locked.save(update_fields=["first_name", "middle_name", "last_name", "suffix", "updated_at"])
    return locked


def association_start(*, individual: Individual, firm: Firm, kind: str, start_date: dt.date):
    """The person's current association with the firm: the open one, or a new one from start_date."""
    from .models import Association

    current = Association.objects.select_for_update().filter(
        individual=individual, firm=firm, end_date__isnull=True).first()
    if current is not None:
        return current
    return Association.objects.create(individual=individual, firm=firm, kind=kind, start_date=start_date)


def registrations_request(*, individual: Individual, firm: Firm, sro_categories: list[str],
                          state_categories: list[str], jurisdictions: list[str], today: dt.date) -> list:
    """Pending registrations for each requested SRO (FINRA) category and each category × jurisdiction,
    skipping those the person already holds through the firm (not terminated)."""
    from .choices import SRO, RegistrationStatus
    from .models import Jurisdiction, Registration, RegistrationCategory

    categories = {c.code: c for c in RegistrationCategory.objects.filter(code__in=[*sro_categories,
                                                                                    *state_categories])}
    places = {j.code: j for j in Jurisdiction.objects.filter(code__in=jurisdictions)}
    held = set(Registration.objects.filter(individual=individual, firm=firm).exclude(
        status=RegistrationStatus.TERMINATED).values_list("category__code", "sro", "jurisdiction__code"))
    wanted = [(code, SRO.FINRA, None) for code in sro_categories]
    wanted += [(code, "", place) for code in state_categories for place in jurisdictions]
    new = [
        Registration(individual=individual, firm=firm, category=categories[code], sro=sro,
                     jurisdiction=places.get(place), status=RegistrationStatus.PENDING, status_date=today)
        for code, sro, place in wanted if code in categories and (code, sro, place) not in held
    ]
    for registration in new:
        registration.save()
    return new


def histories_replace(*, individual: Individual, residences: list[dict], employments: list[dict]) -> None:
    """The residential and employment histories become those of the filing (the old rows stay in
    the history tables)."""
    from .models import EmploymentHistory

    ResidenceHistory.objects.filter(individual=individual).delete()
    EmploymentHistory.objects.filter(individual=individual).delete()
    for row in residences:
        ResidenceHistory.objects.create(individual=individual, **row)
    for row in employments:
        EmploymentHistory.objects.create(individual=individual, **row)


def disclosures_add(*, individual: Individual, events: list[dict]) -> int:
    """Add the disclosure events not yet on the record (same kind, date and summary). Returns how many."""
    from .models import Disclosure

    existing = set(Disclosure.objects.filter(individual=individual).values_list("kind", "event_date", "summary"))
    added = 0
    for event in events:
        if (event["kind"], event["event_date"], event["summary"]) not in existing:
            Disclosure.objects.create(individual=individual, reported_on=event.get("reported_on"), kind=event["kind"],
                                      event_date=event["event_date"], summary=event["summary"])
            added += 1
    return added


def exam_result_record(*, individual: Individual, exam, taken_on: dt.date, outcome: str,
                       score: int | None = None) -> tuple:
    """Post one exam result to the record. A pass meets the exam requirement of the person's
    Pending registrations in the categories that exam qualifies (`exam_qualified_on`).
    Returns (the ExamResult, how many registrations it qualified)."""
    from .choices import ExamOutcome, RegistrationStatus
    from .models import ExamResult

    result = ExamResult(individual=individual, exam=exam, taken_on=taken_on, outcome=outcome, score=score)
    result.full_clean()
    result.save()
    qualified = 0
    if outcome == ExamOutcome.PASSED:
        qualified = Registration.objects.filter(
            individual=individual, status=RegistrationStatus.PENDING, exam_qualified_on__isnull=True,
            category__qualifying_exams=exam).update(exam_qualified_on=taken_on)
    return result, qualified
# --- Qualification validity kept by a program (called by programs.services) -------------------------


def exam_validity_set(*, individual: Individual, category_ids: list[int], valid_until: dt.date | None,
                      reason: str) -> int:
    """The passed exams that qualify the person for these categories are valid until
    `valid_until` (None: while registered). Returns how many results changed."""
    from .models import ExamResult

    changed = 0
    exams = ExamResult.objects.filter(individual=individual, outcome="passed",
                                      exam__categories__in=category_ids).values("pk")
    for result in ExamResult.objects.select_for_update().filter(pk__in=exams):
        if result.valid_until != valid_until:
            result.valid_until = valid_until
            result._change_reason = reason[:100]
            result.save(update_fields=["valid_until"])
            changed += 1
    return changed
