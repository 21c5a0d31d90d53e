"""Writes of IAR CE: credits reported by providers (API and file import), provider tokens,
and applying the Regulatory Element to Products and Practice for $18."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from crd.models import Individual
from payments import services as payment_services
from payments.choices import PaymentPurpose, PaymentStatus

from .choices import (
    IAR_CE_CARRY_OVER_FEE_CENTS,
    IAR_CREDITS_PER_COMPONENT,
    IAR_REPORTING_FEE_CENTS_PER_CREDIT,
    CarryOverPayer,
    CarryOverStatus,
    IarComponent,
    IarCreditSource,
)
from .iar_selectors import carry_over_eligibility
from .models import IarCeCarryOver, IarCeCourse, IarCeCredit, IarCeProvider, IarCeProviderToken, IarCeReportingFee

# --- Provider tokens ---------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def provider_token_issue(*, provider: IarCeProvider, label: str = "",
                         expires_at: dt.datetime | None = None) -> tuple[IarCeProviderToken, str]:
    """A new API token for the provider; the plain token is returned once and never stored."""
    token = f"iarce_{secrets.token_urlsafe(32)}"
    row = IarCeProviderToken.objects.create(provider=provider, token_hash=token_hash(token), label=label,
                                            expires_at=expires_at)
    return row, token


def provider_token_revoke(*, token: IarCeProviderToken) -> None:
    IarCeProviderToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def provider_for_token(*, token: str) -> IarCeProvider | None:
    """The approved provider a live token belongs to; None for a wrong, revoked or expired one."""
    if not token:
        return None
    now = timezone.now()
    row = (IarCeProviderToken.objects.select_related("provider")
           .filter(token_hash=token_hash(token), revoked_at__isnull=True, provider__approved=True).first())
    if row is None or (row.expires_at and row.expires_at <= now):
        return None
    IarCeProviderToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.provider


# --- Completions ---------------------------------------------------------------------------------------------


@dataclass
class Completion:
    """One validated completion, ready to record."""

    provider: IarCeProvider
    course: IarCeCourse
    individual: Individual
    completed_on: dt.date


def completion_validate(*, provider: IarCeProvider | None, provider_number: str | None = None, course_code,
                        crd_number, completed_on, today: dt.date | None = None) -> Completion:
    """Check one reported completion; a ValidationError keyed by field says what is wrong."""
    today = today or timezone.localdate()
    errors = {}
    if provider is None:
        provider = IarCeProvider.objects.filter(provider_number=str(provider_number or "").strip(),
                                                approved=True).first()
        if provider is None:
            errors["provider_number"] = "No approved provider with this number."
    course = None
    if provider is not None:
        course = IarCeCourse.objects.filter(provider=provider, code=str(course_code or "").strip()).first()
        if course is None:
            errors["course_code"] = "No approved course of this provider with this code."
    digits = str(crd_number if crd_number is not None else "").strip()
    individual = Individual.objects.filter(crd_number=int(digits)).first() if digits.isdigit() else None
    if individual is None:
        errors["crd_number"] = "No individual with this CRD#."
    day = None
    try:
        day = completed_on if isinstance(completed_on, dt.date) else dt.date.fromisoformat(str(completed_on).strip())
    except ValueError:
        errors["completed_on"] = "Give the completion date as YYYY-MM-DD."
    if day and day > today:
        errors["completed_on"] = "The completion date is in the future."
    if errors:
        raise ValidationError(errors)
    return Completion(provider=provider, course=course, individual=individual, completed_on=day)


def completion_record(*, completion: Completion,
                      source: str = IarCreditSource.PROVIDER_API) -> tuple[IarCeCredit, bool]:
    """Record the credits and the provider's $3 per credit fee. Idempotent on provider + course +
    person + completion date: a repeat returns the first row and False."""
    c = completion
    lookup = {"provider": c.provider, "course": c.course, "individual": c.individual, "completed_on": c.completed_on}
    existing = IarCeCredit.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            credit = IarCeCredit.objects.create(**lookup, year=c.completed_on.year, component=c.course.component,
                                                credits=c.course.credits, source=source)
            IarCeReportingFee.objects.create(provider=c.provider, credit=credit,
                                             amount_cents=IAR_REPORTING_FEE_CENTS_PER_CREDIT * c.course.credits)
    except IntegrityError:
        return IarCeCredit.objects.get(**lookup), False
    return credit, True


# --- Regulatory Element → Products and Practice ------------------------------------------------------


def _apply_credit(carry_over: IarCeCarryOver) -> IarCeCarryOver:
    today = timezone.localdate()
    carry_over.credit = IarCeCredit.objects.create(
        individual_id=carry_over.individual_id, year=carry_over.year, component=IarComponent.PRODUCTS_PRACTICE,
        credits=IAR_CREDITS_PER_COMPONENT, source=IarCreditSource.REGULATORY_ELEMENT, completed_on=today)
    carry_over.status = CarryOverStatus.APPLIED
    carry_over.save()
    return carry_over


def _locked_request(*, individual, year: int, user) -> IarCeCarryOver:
    IarCeCarryOver.objects.get_or_create(individual=individual, year=year, defaults={"user": user})
    return IarCeCarryOver.objects.select_for_update().get(individual=individual, year=year)


@dataclass
class CarryOverOutcome:
    carry_over: IarCeCarryOver
    firm_paid: bool
    payment: object | None = None
    message: str = ""


def carry_over_request(*, individual, user=None, year: int | None = None) -> CarryOverOutcome:
    """Apply the Regulatory Element to Products and Practice. When the person's firm opted in
    and its Flex Funding balance covers $18, the firm pays and the credits are applied at once;
    otherwise the person is asked to pay (a Payment), and when the firm opted in but its balance
    was too low, the firm contact is told."""
    from firmsettings.selectors import flex_funding_balance_cents, settings_for
    from firmsettings.services import flex_funding_charge_iar_ce_fee

    from .services import fee_payer

    year = year or timezone.localdate().year
    eligibility = carry_over_eligibility(individual=individual, year=year)
    if not eligibility.eligible:
        raise ValidationError(eligibility.reason)
    with transaction.atomic():
        carry_over = _locked_request(individual=individual, year=year, user=user)
        if carry_over.status == CarryOverStatus.APPLIED:
            return CarryOverOutcome(carry_over, firm_paid=carry_over.paid_by == CarryOverPayer.FIRM)
        firm = fee_payer(individual=individual)
        firm_settings = settings_for(firm=firm) if firm else None
        if firm_settings is not None and firm_settings.iar_ce_fee_opt_in:
            if flex_funding_balance_cents(firm=firm) >= IAR_CE_CARRY_OVER_FEE_CENTS:
                carry_over.flex_entry = flex_funding_charge_iar_ce_fee(firm=firm, individual=individual)
                carry_over.paid_by, carry_over.firm = CarryOverPayer.FIRM, firm
                return CarryOverOutcome(_apply_credit(carry_over), firm_paid=True)
            _tell_firm_balance_low(firm=firm, individual=individual, year=year)
        payment = payment_services.payment_request(
            individual=individual, user=user, purpose=PaymentPurpose.IAR_CE_CARRY_OVER,
            amount_cents=IAR_CE_CARRY_OVER_FEE_CENTS, idempotency_key=f"iar-ce-carry-over:{year}:{individual.pk}")
        carry_over.payment, carry_over.paid_by = payment, CarryOverPayer.REP
        carry_over.save()
        return CarryOverOutcome(carry_over, firm_paid=False, payment=payment)


def carry_over_pay(*, carry_over: IarCeCarryOver, card) -> CarryOverOutcome:
    """The person pays the $18 with a card; the credits are applied only when the payment succeeded."""
    payment = payment_services.payment_pay(payment=carry_over.payment, card=card)
    with transaction.atomic():
        locked = IarCeCarryOver.objects.select_for_update().get(pk=carry_over.pk)
        if payment.status == PaymentStatus.SUCCEEDED and locked.status != CarryOverStatus.APPLIED:
            _apply_credit(locked)
        return CarryOverOutcome(locked, firm_paid=False, payment=payment, message=payment.failure_message)


def _tell_firm_balance_low(*, firm, individual, year: int) -> None:
    from firmsettings.selectors import settings_for
    from notifications.services import notify

    address = settings_for(firm=firm).ce_copy_to_email
    if not address:
        from firmsettings.models import FirmMembership

        admin = FirmMembership.objects.filter(firm=firm, role="admin").select_related("user").first()
        address = admin.user.email if admin and admin.user.email else ""
    if address:
        notify(kind="iar_ce_fee_balance_low", address=address, firm=firm, individual=individual,
               context={"firm_name": firm.name, "person_name": individual.full_name,
                        "crd_number": individual.crd_number, "year": year})


# --- File import -----------------------------------------------------------------------------------------

IMPORT_FIELDS = ["provider_number", "course_code", "crd_number", "completed_on"]


@dataclass
class ImportReport:
    rows: int = 0
    recorded: int = 0
    already: int = 0
    errors: list[tuple[int, dict]] = None

    @property
    def ok(self) -> bool:
        return not self.errors


def credits_import(*, rows: list[dict]) -> ImportReport:
    """Validate every row (1-based row numbers as in the file, after the header); when any row
    is wrong nothing is recorded and the report lists each bad row and why."""
    report = ImportReport(rows=len(rows), errors=[])
    checked, seen = [], {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            report.errors.append((number, {"row": "Each row must be an object with " + ", ".join(IMPORT_FIELDS)}))
            continue
        try:
            completion = completion_validate(provider=None, provider_number=row.get("provider_number"),
                                             course_code=row.get("course_code"), crd_number=row.get("crd_number"),
                                             completed_on=row.get("completed_on"))
        except ValidationError as exc:
            report.errors.append((number, {k: v[0] for k, v in exc.message_dict.items()}))
            continue
        key = (completion.provider.pk, completion.course.pk, completion.individual.pk, completion.completed_on)
        if key in seen:
            report.errors.append((number, {"row": f"Repeats row {seen[key]}."}))
            continue
        seen[key] = number
        checked.append(completion)
    if report.errors:
        return report
    with transaction.atomic():
        for completion in checked:
            _credit, created = completion_record(completion=completion, source=IarCreditSource.IMPORT)
            if created:
                report.recorded += 1
            else:
                report.already += 1
    return report


def rows_from_file(path: str) -> list[dict]:
    """The rows of a CSV (header: provider_number,course_code,crd_number,completed_on) or JSON
    file (a list of such objects, or {"completions": [...]})."""
    import csv
    import json

    with open(path, encoding="utf-8-sig") as f:
        if path.lower().endswith(".json"):
            data = json.load(f)
            if isinstance(data, dict):
                data = data.get("completions")
            if not isinstance(data, list):
                raise ValueError('A JSON file holds a list of completions or {"completions": [...]}.')
            return data
        reader = csv.DictReader(f)
        missing = [c for c in IMPORT_FIELDS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"The CSV header lacks: {', '.join(missing)}.")
        return list(reader)


def iar_year_end(*, year: int) -> int:
    """After Dec 31 of `year`: everyone who owed IAR CE and is short is told (once; the unmet
    credits carry forward by themselves, see iar_selectors.iar_status_for). Returns how many."""
    from crd.models import Registration

    from .choices import IAR_REGISTRATION_CATEGORY
    from .emails import iar_shortfall_notify
    from .iar_selectors import iar_status_for
    from .models import CEYear

    ce_year, _ = CEYear.objects.get_or_create(year=year)
    ids = (Registration.objects.filter(category__code=IAR_REGISTRATION_CATEGORY, status__in=["approved", "ce_inactive"],
                                       jurisdiction__iar_ce_adoption__adopted=True,
                                       jurisdiction__iar_ce_adoption__effective_year__lte=year)
           .values_list("individual_id", flat=True).distinct())
    told = 0
    for individual in Individual.objects.filter(pk__in=ids):
        status = iar_status_for(individual=individual, year=year)
        if status.required and status.short and iar_shortfall_notify(individual=individual, ce_year=ce_year,
                                                                     short=status.short):
            told += 1
    return told
