"""Reads of the firm section. Everything a firm page shows is fetched here, scoped to a firm
that the caller obtained through `membership_for` (the user's own memberships)."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from crd.choices import ATTESTATION_VALID_DAYS, AssociationKind, AttestationAnswer, RegistrationStatus
from crd.models import Association, Attestation, Firm, Individual, Registration

from .choices import ROSTER_TERMINATED_WINDOW_DAYS
from .models import FirmInvitation, FirmMembership, FirmSettingChange, FirmSettings, FlexFundingEntry

# --- Settings other apps rely on -------------------------------------------------------


def settings_for(*, firm) -> FirmSettings:
    """The firm's settings; an unsaved all-off row when the firm never set any."""
    try:
        return firm.finpro_settings
    except FirmSettings.DoesNotExist:
        return FirmSettings(firm=firm)


def attestation_enabled_for(*, association) -> bool:
    """Is attestation on for this association's kind (employee or contractor) at its firm?"""
    firm_settings = settings_for(firm=association.firm)
    if association.kind == AssociationKind.INDEPENDENT_CONTRACTOR:
        return firm_settings.attestation_contractors
    return firm_settings.attestation_employees


def esignature_enabled_for(*, association) -> bool:
    """Is Form U4 e-signature on for this association's kind at its firm?"""
    firm_settings = settings_for(firm=association.firm)
    if association.kind == AssociationKind.INDEPENDENT_CONTRACTOR:
        return firm_settings.esignature_contractors
    return firm_settings.esignature_employees


def firm_pays_iar_ce_fee(*, firm) -> bool:
    return settings_for(firm=firm).iar_ce_fee_opt_in


@dataclass(frozen=True)
class CeSchedule:
    """A firm's CE notification settings as they apply to one of its people."""

    firm: Firm
    due_date: dt.date | None
    reminders_enabled: bool
    reminder_days: list[int] = field(default_factory=list)
    status_change_emails: bool = False
    copy_to_email: str = ""


def ce_schedule_for(*, individual, today: dt.date | None = None) -> list[CeSchedule]:
    """The firm CE due date and reminder schedule for each firm the person is currently with.

    `due_date` is None when the firm set no date for the current CE year (a date left over
    from an earlier year no longer applies). `reminder_days` is empty when reminders are off.
    Sorted by due date, earliest first (firms without a date last). Two queries."""
    today = today or timezone.localdate()
    associations = (
        Association.objects.filter(individual=individual, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("firm", "firm__finpro_settings")
        .order_by("firm__name")
    )
    schedules, seen = [], set()
    for association in associations:
        if association.firm_id in seen:
            continue
        seen.add(association.firm_id)
        s = settings_for(firm=association.firm)
        due = s.ce_firm_due_date if s.ce_firm_due_date and s.ce_firm_due_date.year == today.year else None
        schedules.append(CeSchedule(
            firm=association.firm,
            due_date=due,
            reminders_enabled=s.ce_reminders_enabled,
            reminder_days=sorted(s.ce_reminder_days or [], reverse=True) if s.ce_reminders_enabled else [],
            status_change_emails=s.ce_status_change_emails,
            copy_to_email=s.ce_copy_to_email,
        ))
    schedules.sort(key=lambda sch: (sch.due_date is None, sch.due_date or dt.date.max, sch.firm.name))
    return schedules


# --- Memberships and scoping ---------------------------------------------------------------


def memberships_for(*, user) -> QuerySet[FirmMembership]:
    """The firms a user works in, with their role, by firm name."""
    if not user.is_authenticated:
        return FirmMembership.objects.none()
    return FirmMembership.objects.filter(user=user).select_related("firm").order_by("firm__name")


def has_membership(*, user) -> bool:
    """Is the user staff of any firm? One query, remembered on the user object for the request
    (the gates and the navigation all ask)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_has_firm_membership"):
        user._has_firm_membership = FirmMembership.objects.filter(user=user).exists()
    return user._has_firm_membership


def membership_for(*, user, firm_crd_number: int) -> FirmMembership:
    """The user's membership in the firm with this CRD#, with the firm. Every firm page
    fetches its firm through here: a firm the user is not a member of is a 404."""
    membership = memberships_for(user=user).filter(firm__crd_number=firm_crd_number).first()
    if membership is None:
        raise Http404("No such firm.")
    return membership


def members_of(*, firm) -> QuerySet[FirmMembership]:
    return (
        FirmMembership.objects.filter(firm=firm)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def pending_invitations(*, firm) -> QuerySet[FirmInvitation]:
    return (
        FirmInvitation.objects.filter(firm=firm, accepted_at__isnull=True, revoked_at__isnull=True,
                                      expires_at__gt=timezone.now())
        .select_related("invited_by")
        .order_by("-created_at")
    )


def invitations_of(*, firm) -> QuerySet[FirmInvitation]:
    return FirmInvitation.objects.filter(firm=firm).select_related("invited_by", "accepted_by")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(*, token: str) -> FirmInvitation | None:
    """The invitation this link token belongs to (whatever its status), or None."""
    return FirmInvitation.objects.select_related("firm", "invited_by").filter(token_hash=token_hash(token)).first()


# --- History and Flex Funding -------------------------------------------------------------


def setting_changes(*, firm) -> QuerySet[FirmSettingChange]:
    return FirmSettingChange.objects.filter(firm=firm).select_related("changed_by").order_by("-changed_at", "-id")


def flex_funding_balance_cents(*, firm) -> int:
    """The Flex Funding balance: the sum of the ledger, never a stored number."""
    return FlexFundingEntry.objects.filter(firm=firm).aggregate(total=Sum("amount_cents"))["total"] or 0


def flex_funding_ledger(*, firm) -> QuerySet[FlexFundingEntry]:
    return (
        FlexFundingEntry.objects.filter(firm=firm)
        .select_related("individual", "recorded_by")
        .order_by("-created_at", "-id")
    )


# --- Roster ---------------------------------------------------------------------------


class CeStatus:
    """Derived from registrations until the CE app owns CE status: any registration in
    status CE Inactive makes the person CE inactive."""

    CURRENT = "current"
    CE_INACTIVE = "ce_inactive"
    CHOICES = [(CURRENT, "Current"), (CE_INACTIVE, "CE Inactive")]


class AttestationStatus:
    """A person's attestation standing at one firm, from their latest attestation for that firm
    and the firm's Attestation setting for their kind of association (as on the dashboard, a
    certification older than a year is asked for again)."""

    CERTIFIED = "certified"
    NEEDS_UPDATE = "needs_update"
    DUE_AGAIN = "due_again"
    NOT_ATTESTED = "not_attested"
    OFF = "off"
    CHOICES = [
        (CERTIFIED, "Certified correct"),
        (NEEDS_UPDATE, "Needs update"),
        (DUE_AGAIN, "Due again (over a year old)"),
        (NOT_ATTESTED, "Not yet attested"),
        (OFF, "Attestation off"),
    ]
    LABELS = dict(CHOICES)


@dataclass(frozen=True)
class RosterFilters:
    q: str = ""
    kind: str = ""  # AssociationKind value
    association: str = ""  # "current" / "terminated"
    registration_status: str = ""  # RegistrationStatus value
    ce_status: str = ""  # CeStatus value
    has_account: str = ""  # "yes" / "no"
    attestation_status: str = ""  # AttestationStatus value


def roster(*, firm, filters: RosterFilters | None = None, today: dt.date | None = None) -> QuerySet[Individual]:
    """The firm's associated persons: current, and terminated within the last two years.

    One row per person, annotated with their latest association at the firm
    (`assoc_kind`, `assoc_start`, `assoc_end`), `has_account`, `last_access_at` (of their
    FinPro account), `ce_inactive`, and their latest attestation for this firm
    (`attested_at`, `attestation_answer`, `attestation_status`: an AttestationStatus value);
    the person's registrations through this firm are prefetched as `firm_registrations`.
    The query count does not depend on the number of rows."""
    filters = filters or RosterFilters()
    today = today or timezone.localdate()
    firm_settings = settings_for(firm=firm)
    attestation_off_kinds = [
        kind for kind, enabled in ((AssociationKind.EMPLOYEE, firm_settings.attestation_employees),
                                   (AssociationKind.INDEPENDENT_CONTRACTOR, firm_settings.attestation_contractors))
        if not enabled
    ]
    latest_attestation = (
        Attestation.objects.filter(individual=OuterRef("pk"), firm=firm).order_by("-attested_at", "-id")
    )
    stale_before = timezone.now() - dt.timedelta(days=ATTESTATION_VALID_DAYS)
    cutoff = today - dt.timedelta(days=ROSTER_TERMINATED_WINDOW_DAYS)
    on_roster = Association.objects.filter(individual=OuterRef("pk"), firm=firm).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=cutoff)
    )
    latest = on_roster.order_by("-start_date", "-id")
    people = (
        Individual.objects.filter(Exists(on_roster))
        .annotate(
            assoc_kind=Subquery(latest.values("kind")[:1]),
            assoc_start=Subquery(latest.values("start_date")[:1]),
            assoc_end=Subquery(latest.values("end_date")[:1]),
            has_account=Exists(User.objects.filter(individual=OuterRef("pk"))),
            last_access_at=Subquery(User.objects.filter(individual=OuterRef("pk")).values("last_access_at")[:1]),
            attested_at=Subquery(latest_attestation.values("attested_at")[:1]),
            attestation_answer=Subquery(latest_attestation.values("answer")[:1]),
            ce_inactive=Exists(Registration.objects.filter(
                individual=OuterRef("pk"), status=RegistrationStatus.CE_INACTIVE)),
        )
        .annotate(attestation_status=Case(
            *([When(assoc_kind__in=attestation_off_kinds, then=Value(AttestationStatus.OFF))]
              if attestation_off_kinds else []),
            When(attested_at__isnull=True, then=Value(AttestationStatus.NOT_ATTESTED)),
            When(attestation_answer=AttestationAnswer.NEEDS_UPDATE, then=Value(AttestationStatus.NEEDS_UPDATE)),
            When(attested_at__lte=stale_before, then=Value(AttestationStatus.DUE_AGAIN)),
            default=Value(AttestationStatus.CERTIFIED),
            output_field=CharField(),
        ))
        .only("pk", "crd_number", "first_name", "middle_name", "last_name", "suffix", "has_no_ssn", "ssn_last4")
        .prefetch_related(Prefetch(
            "registrations",
            queryset=Registration.objects.filter(firm=firm).select_related("category", "jurisdiction")
            .order_by("category__code", "sro", "jurisdiction__code"),
            to_attr="firm_registrations",
        ))
        .order_by("last_name", "first_name", "crd_number")
    )
    return _apply_roster_filters(people, filters, firm=firm, today=today)


# The CSV's columns, in order, as read by roster_export (values, not model instances).
ROSTER_EXPORT_FIELDS = ("crd_number", "last_name", "first_name", "middle_name", "has_no_ssn", "ssn_last4",
                        "assoc_kind", "assoc_start", "assoc_end", "registrations_text", "ce_inactive", "has_account",
                        "last_access_at", "attestation_status", "attested_at")


def roster_export(*, firm, filters: RosterFilters | None = None, today: dt.date | None = None):
    """roster_export_queryset read in chunks of 5,000 through a server-side cursor (or None)."""
    rows = roster_export_queryset(firm=firm, filters=filters, today=today)
    return rows.iterator(chunk_size=5000) if rows is not None else None


def roster_export_queryset(*, firm, filters: RosterFilters | None = None, today: dt.date | None = None):
    """The filtered roster for the CSV in ONE query, rows as tuples of ROSTER_EXPORT_FIELDS,
    read through a server-side cursor in chunks (constant memory, no prefetch per chunk): each
    person's registrations through the firm are joined in the query ("AG NY Approved; GS FINRA
    Approved", status labels by a CASE built once from the choices). PostgreSQL only (string_agg);
    None elsewhere, and the caller uses `roster` with its prefetch (make run on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    from django.contrib.postgres.aggregates import StringAgg
    from django.db.models import F
    from django.db.models.functions import Coalesce, Concat, NullIf

    status_label = Case(*[When(status=value, then=Value(label)) for value, label in RegistrationStatus.choices],
                        default=F("status"), output_field=CharField())
    regulator = Coalesce(NullIf(F("sro"), Value("")), F("jurisdiction__code"), Value(""), output_field=CharField())
    text = Concat(F("category__code"), Value(" "), regulator, Value(" "), status_label, output_field=CharField())
    registrations = (
        Registration.objects.filter(individual=OuterRef("pk"), firm=firm).order_by().values("individual")
        .annotate(text=StringAgg(text, delimiter="; ", order_by=("category__code", "sro", "jurisdiction__code")))
        .values("text")
    )
    people = roster(firm=firm, filters=filters, today=today).prefetch_related(None)
    return (people.annotate(registrations_text=Subquery(registrations, output_field=CharField()))
            .values_list(*ROSTER_EXPORT_FIELDS))


def _apply_roster_filters(people, filters: RosterFilters, *, firm, today):
    q = filters.q.strip()
    if q:
        digits = q.replace("#", "").strip()
        if digits.isdigit():
            people = people.filter(crd_number=int(digits)) if len(digits) <= 9 else people.none()
        else:
            for word in q.split():
                people = people.filter(
                    Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(middle_name__icontains=word)
                )
    if filters.kind in AssociationKind.values:
        people = people.filter(assoc_kind=filters.kind)
    if filters.association == "current":
        people = people.filter(Q(assoc_end__isnull=True) | Q(assoc_end__gte=today))
    elif filters.association == "terminated":
        people = people.filter(assoc_end__lt=today)
    if filters.registration_status in RegistrationStatus.values:
        people = people.filter(Exists(Registration.objects.filter(
            individual=OuterRef("pk"), firm=firm, status=filters.registration_status)))
    if filters.ce_status == CeStatus.CE_INACTIVE:
        people = people.filter(ce_inactive=True)
    elif filters.ce_status == CeStatus.CURRENT:
        people = people.filter(ce_inactive=False)
    if filters.has_account == "yes":
        people = people.filter(has_account=True)
    elif filters.has_account == "no":
        people = people.filter(has_account=False)
    if filters.attestation_status in AttestationStatus.LABELS:
        people = people.filter(attestation_status=filters.attestation_status)
    return people


def confirmed_emails(user) -> set[str]:
    """The addresses this account has proved it receives mail at: its email (set by following an
    activation, email-change or invitation link) once the account is activated, and any address
    allauth verified (Google sign-in)."""
    from allauth.account.models import EmailAddress

    found = {e.lower() for e in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)}
    if user.email and user.has_usable_password():
        found.add(user.email.lower())
    return found


def invitation_is_for(*, invitation: FirmInvitation, user) -> bool:
    return invitation.email.strip().lower() in confirmed_emails(user)
