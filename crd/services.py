"""Writes to the CRD record made by the rep themself: attestations and, for a person not
with a firm, the residential address. Each is one atomic function with the row locked."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

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
        return Attestation.objects.create(
            individual=locked, firm=firm, association_kind=association.kind, answer=answer,
            comment=comment,
            attested_at=now or timezone.now(), record_changed_at=changed_at, user=user,
        )


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
