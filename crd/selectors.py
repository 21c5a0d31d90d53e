"""Reads of the CRD record. Every function is scoped to one Individual (the rep asking) or
one firm, and costs a fixed number of queries however long the record is."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.db.models import DateTimeField, Max, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from firmsettings.selectors import attestation_enabled_for, settings_for

from .choices import ADDRESS_CONFIRM_DAYS, ATTESTATION_VALID_DAYS, RegistrationStatus
from .models import (
    Association,
    Attestation,
    Disclosure,
    EmploymentHistory,
    ExamResult,
    Firm,
    Individual,
    Registration,
    ResidenceHistory,
)

EMPLOYMENT_HISTORY_YEARS = 10
# Tables whose rows make up a person's record; a change to any of them asks for a new attestation.
RECORD_MODELS = (Association, Registration, ExamResult, EmploymentHistory, ResidenceHistory, Disclosure)


def verified_individual_id(user) -> int | None:
    """The Individual a signed-in user may see: theirs, once their identity is verified."""
    if not getattr(user, "is_authenticated", False) or not user.is_identity_verified:
        return None
    return user.individual_id


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _latest_history(model):
    """Subquery: the latest history_date of `model` rows belonging to the outer Individual
    (the epoch when there are none, so Greatest() behaves the same on SQLite and PostgreSQL)."""
    key = "id" if model is Individual else "individual_id"
    latest = (
        model.history.model._default_manager.filter(**{key: OuterRef("pk")}).order_by().values(key)
        .annotate(latest=Max("history_date")).values("latest")[:1]
    )
    return Coalesce(Subquery(latest, output_field=DateTimeField()), Value(_EPOCH))


@functools.cache
def _record_change_expression():
    """Built once per process: `Model.history` makes a new manager class on every access and the
    seven subqueries cost more to build than to run. annotate() works on a copy each time."""
    return Greatest(*[_latest_history(Individual)] + [_latest_history(model) for model in RECORD_MODELS])


def individual_with_record_change(*, individual_id: int) -> Individual:
    """The Individual, annotated with `record_changed_at`: the time of the latest change to any
    part of their record (the person, jobs, registrations, exams, addresses, disclosures,
    including deletions), read from the django-simple-history tables in the same query.

    This is O(1) queries; each subquery walks only that person's history rows by index.
    """
    return Individual.objects.annotate(record_changed_at=_record_change_expression()).get(pk=individual_id)


def record_changed_at(*, individual: Individual) -> dt.datetime:
    if getattr(individual, "record_changed_at", None) is not None:
        return individual.record_changed_at
    individual.record_changed_at = (
        Individual.objects.filter(pk=individual.pk).annotate(changed=_record_change_expression())
        .values_list("changed", flat=True).get()
    )
    return individual.record_changed_at


def current_associations(*, individual: Individual, today: dt.date | None = None):
    """Current associations with their firm, the firm's settings and the person's latest
    attestation for that firm (`last_attested_at`, `last_answer`), in one query."""
    today = today or timezone.localdate()
    latest = Attestation.objects.filter(individual_id=OuterRef("individual_id"), firm_id=OuterRef("firm_id")).order_by(
        "-attested_at", "-id")
    return list(
        Association.objects.filter(individual=individual)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("firm", "firm__finpro_settings")
        .annotate(
            last_attested_at=Subquery(latest.values("attested_at")[:1]),
            last_answer=Subquery(latest.values("answer")[:1]),
        )
        .order_by("firm__name")
    )


def registrations_for(*, individual: Individual):
    return (
        Registration.objects.filter(individual=individual)
        .select_related("firm", "category", "jurisdiction")
        .order_by("firm__name", "category__code", "sro", "jurisdiction__code")
    )


def exam_results_for(*, individual: Individual):
    return ExamResult.objects.filter(individual=individual).select_related("exam").order_by("-taken_on", "-id")


def employment_history_for(*, individual: Individual, today: dt.date | None = None):
    """The last ten years of employment history, newest first."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=round(365.25 * EMPLOYMENT_HISTORY_YEARS))
    return EmploymentHistory.objects.filter(individual=individual).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=since)).order_by("-start_date", "-id")


def residence_history_for(*, individual: Individual):
    return ResidenceHistory.objects.filter(individual=individual).order_by("-from_date", "-id")


def disclosures_for(*, individual: Individual):
    return Disclosure.objects.filter(individual=individual).order_by("-event_date", "-id")


def attestations_for(*, individual: Individual):
    return Attestation.objects.filter(individual=individual).select_related("firm").order_by("-attested_at", "-id")


@dataclass(frozen=True)
class AttestationDue:
    """A firm asks this person to certify their record, and why."""

    association: Association
    reason: str

    @property
    def firm(self) -> Firm:
        return self.association.firm


def attestation_reason(*, association: Association, changed_at, now: dt.datetime | None = None) -> str | None:
    """Why a new attestation is needed for this association, or None when it is not.

    Needed when the firm has attestation on for the association's kind and the person never
    certified for that firm, certified more than a year ago, or the record changed since.
    `changed_at` is the record's change time, or a function returning it: the dashboard passes
    one, so the (costly) change time is computed only when this last question is asked."""
    if not attestation_enabled_for(association=association):
        return None
    now = now or timezone.now()
    last = getattr(association, "last_attested_at", None)
    if last is None:
        return f"{association.firm.name} asks you to certify your record."
    if now - last >= dt.timedelta(days=ATTESTATION_VALID_DAYS):
        return "Your last certification is more than a year old."
    if callable(changed_at):
        changed_at = changed_at()
    if changed_at and changed_at > last:
        return "Your record changed after you last certified it."
    return None


def address_confirmation_due(*, individual: Individual, has_current_firm: bool,
                             today: dt.date | None = None) -> bool:
    """A person not with a firm keeps their residential address current: asked once a year."""
    if has_current_firm:
        return False
    today = today or timezone.localdate()
    confirmed = individual.address_confirmed_on
    return confirmed is None or (today - confirmed).days >= ADDRESS_CONFIRM_DAYS


@dataclass
class RecordFacts:
    """What the dashboard and the task providers need about one person, loaded once."""

    individual: Individual
    associations: list[Association]
    registrations: list[Registration]
    attestations_due: list[AttestationDue] = field(default_factory=list)
    address_due: bool = False
    sro_ce_due: dt.date | None = None
    firm_ce_due: list[tuple[Firm, dt.date]] = field(default_factory=list)

    @property
    def active_registrations(self) -> list[Registration]:
        return [r for r in self.registrations if r.status in (RegistrationStatus.APPROVED, RegistrationStatus.PENDING)]

    @property
    def registration_status(self) -> str:
        approved = sum(r.status == RegistrationStatus.APPROVED for r in self.registrations)
        pending = sum(r.status == RegistrationStatus.PENDING for r in self.registrations)
        inactive = sum(r.status == RegistrationStatus.CE_INACTIVE for r in self.registrations)
        if inactive:
            return "CE Inactive"
        if approved:
            return "Registered" + (f" ({pending} pending)" if pending else "")
        if pending:
            return "Pending"
        return "Not currently registered"


def sro_ce_due_date(*, today: dt.date | None = None) -> dt.date:
    """The Regulatory Element due date set by the SROs: Dec 31 of the current year (Eastern)."""
    today = today or timezone.localdate()
    return dt.date(today.year, 12, 31)


def record_facts(*, user, today: dt.date | None = None, hints: dict | None = None) -> RecordFacts | None:
    """Everything the dashboard needs for a verified user, in three queries, memoised on the
    user object for the length of the request (the task providers and the page share it).

    `hints`: annotations on the Individual (name -> expression, OuterRef("pk") is the person)
    that My Task providers declare (portal.tasklist), loaded in the same Individual query and
    kept in `user._task_hints` for `finpro.mytasks.hint`. The record's change time is computed
    only when an attestation question needs it (one more query then)."""
    individual_id = verified_individual_id(user)
    if individual_id is None:
        return None
    cached = getattr(user, "_record_facts", None)
    if cached is not None and cached.individual.pk == individual_id:
        return cached
    today = today or timezone.localdate()
    queryset = Individual.objects.all()
    if hints:
        queryset = queryset.annotate(**hints)
    individual = queryset.get(pk=individual_id)
    user._task_hints = {name: getattr(individual, name) for name in hints or ()}
    associations = current_associations(individual=individual, today=today)
    registrations = list(registrations_for(individual=individual))
    facts = RecordFacts(individual=individual, associations=associations, registrations=registrations)
    changed_at = functools.partial(record_changed_at, individual=individual)
    for association in associations:
        reason = attestation_reason(association=association, changed_at=changed_at)
        if reason:
            facts.attestations_due.append(AttestationDue(association=association, reason=reason))
        firm_due = settings_for(firm=association.firm).ce_firm_due_date
        if firm_due and firm_due >= today.replace(month=1, day=1):
            facts.firm_ce_due.append((association.firm, firm_due))
    facts.address_due = address_confirmation_due(
        individual=individual, has_current_firm=bool(associations), today=today)
    if facts.active_registrations:
        facts.sro_ce_due = sro_ce_due_date(today=today)
    user._record_facts = facts
    return facts


def attestable_association(*, individual: Individual, firm_crd_number: int) -> Association | None:
    """The person's current association with this firm when the firm asks them to attest."""
    for association in current_associations(individual=individual):
        if association.firm.crd_number == firm_crd_number and attestation_enabled_for(association=association):
            return association
    return None


def latest_attestation(*, individual: Individual, firm: Firm) -> Attestation | None:
    """The person's latest attestation for a firm (the firm's access report reads this)."""
    return Attestation.objects.filter(individual=individual, firm=firm).order_by("-attested_at", "-id").first()


def record_prefetched(*, individual_id: int) -> Individual:
    """The whole record for the PDF, in a fixed number of queries."""
    today = timezone.localdate()
    return (
        Individual.objects.filter(pk=individual_id)
        .prefetch_related(
            Prefetch("registrations", queryset=registrations_for(individual=individual_id)),
            Prefetch("exam_results", queryset=exam_results_for(individual=individual_id)),
            Prefetch("employment_history", queryset=employment_history_for(individual=individual_id, today=today)),
            Prefetch("residence_history", queryset=residence_history_for(individual=individual_id)),
            Prefetch("disclosures", queryset=disclosures_for(individual=individual_id)),
            Prefetch("attestations", queryset=attestations_for(individual=individual_id)),
        )
        .get()
    )


def individual_lookup(*, crd_number: int | None = None, ssn: str | None = None) -> Individual | None:
    """The person in CRD with this CRD# or this SSN (by blind index), for a firm starting a
    filing for them. None when there is none; a malformed SSN raises ValidationError."""
    if crd_number:
        return Individual.objects.filter(crd_number=crd_number).first()
    if ssn:
        return Individual.objects.with_ssn(ssn).first()
    return None
