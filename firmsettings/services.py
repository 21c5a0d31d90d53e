"""Writes of the firm section: settings (with their history), memberships, invitations and
the Flex Funding ledger. Every state change locks its rows inside one transaction."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from finpro.links import absolute_reverse
from finpro.support_groups import refuse_unless_may_act_on
from notifications.services import notify

from .choices import (
    IAR_CE_FEE_CENTS,
    INVITATION_VALID_DAYS,
    REMINDER_DAY_CHOICES,
    FlexFundingKind,
    MembershipRole,
)
from .models import FirmInvitation, FirmMembership, FirmSettingChange, FirmSettings, FlexFundingEntry
from .selectors import flex_funding_balance_cents, invitation_is_for, token_hash

# The settings a firm may change, by group (each group is one card on the settings page).
SETTING_GROUPS: dict[str, list[str]] = {
    "attestation": ["attestation_employees", "attestation_contractors"],
    "esignature": ["esignature_employees", "esignature_contractors"],
    "ce": ["ce_firm_due_date", "ce_reminders_enabled", "ce_reminder_days", "ce_status_change_emails",
           "ce_copy_to_email"],
    "iar_ce_fee": ["iar_ce_fee_opt_in"],
}
SETTING_FIELDS = [name for names in SETTING_GROUPS.values() for name in names]


def setting_label(name: str) -> str:
    """The words the history page uses for a setting (its field label)."""
    if name.startswith("member:"):
        return f"Member {name.removeprefix('member:')}"
    if name.startswith("invitation:"):
        return f"Invitation for {name.removeprefix('invitation:')}"
    try:
        return str(FirmSettings._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 — an unknown key from an older release still reads
        return name


def format_setting_value(name: str, value) -> str:
    """A setting's value as the history stores and shows it."""
    if isinstance(value, bool):
        return "On" if value else "Off"
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, dt.date):
        return value.strftime("%m/%d/%Y")
    if isinstance(value, list):
        return ", ".join(str(v) for v in sorted(value, reverse=True)) + " days before"
    return str(value)


# --- Firm settings -------------------------------------------------------------------------


def validate_ce_firm_due_date(value: dt.date | None, *, today: dt.date | None = None) -> None:
    """The firm CE due date applies to the current CE year and must fall before that year's
    SRO due date of Dec 31."""
    if value is None:
        return
    today = today or timezone.localdate()
    if value.year != today.year or (value.month, value.day) == (12, 31):
        raise ValidationError(
            {"ce_firm_due_date": f"The firm CE due date must fall before Dec 31, {today.year}, "
                                 f"the SRO due date of the {today.year} CE year."}
        )


def _clean_reminder_days(days) -> list[int]:
    try:
        chosen = sorted({int(d) for d in days or []}, reverse=True)
    except (TypeError, ValueError):
        raise ValidationError({"ce_reminder_days": "Choose reminder days from the list."}) from None
    if any(d not in REMINDER_DAY_CHOICES for d in chosen):
        raise ValidationError({"ce_reminder_days": "Choose reminder days from the list."})
    return chosen


def _locked_settings(firm) -> FirmSettings:
    """The firm's settings row, created if missing, locked for the transaction (one read when
    the row exists, which is nearly always)."""
    row = FirmSettings.objects.select_for_update().filter(firm_id=firm.pk).first()
    if row is None:
        FirmSettings.objects.get_or_create(firm_id=firm.pk)
        row = FirmSettings.objects.select_for_update().get(firm_id=firm.pk)
    return row


def firm_settings_update(*, firm, changed_by, changes: dict) -> list[FirmSettingChange]:
    """Apply changes to a firm's settings and record each changed value in the history
    (who, when, old, new). Unknown names and bad values raise ValidationError; nothing is written."""
    unknown = set(changes) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown firm settings: {', '.join(sorted(unknown))}.")
    changes = dict(changes)
    if "ce_reminder_days" in changes:
        changes["ce_reminder_days"] = _clean_reminder_days(changes["ce_reminder_days"])
    with transaction.atomic():
        row = _locked_settings(firm)
        if "ce_firm_due_date" in changes and changes["ce_firm_due_date"] != row.ce_firm_due_date:
            validate_ce_firm_due_date(changes["ce_firm_due_date"])
        reminders_on = changes.get("ce_reminders_enabled", row.ce_reminders_enabled)
        days = changes.get("ce_reminder_days", row.ce_reminder_days)
        if reminders_on and not days:
            raise ValidationError({"ce_reminder_days": "Choose at least one reminder, or turn reminders off."})
        if reminders_on and not changes.get("ce_firm_due_date", row.ce_firm_due_date):
            raise ValidationError({"ce_firm_due_date": "Set a firm CE due date to send due-date reminders."})
        now = timezone.now()
        history = []
        for name, new in changes.items():
            old = getattr(row, name)
            if name == "ce_reminder_days":
                old = sorted(old or [], reverse=True)
            if old == new:
                continue
            setattr(row, name, new)
            history.append(FirmSettingChange(
                firm=firm, setting=name, old_value=format_setting_value(name, old),
                new_value=format_setting_value(name, new), changed_by=changed_by, changed_at=now,
            ))
        if history:
            row.full_clean(exclude=["firm"])
            row.save()
            FirmSettingChange.objects.bulk_create(history)
    firm.finpro_settings = row  # callers holding `firm` see the new values
    return history


def _record(*, firm, setting: str, old: str, new: str, changed_by) -> None:
    FirmSettingChange.objects.create(firm=firm, setting=setting, old_value=old, new_value=new, changed_by=changed_by)


# --- Memberships ---------------------------------------------------------------------------


class MembershipError(ValidationError):
    """A membership change that the rules refuse (e.g. the firm's last admin)."""


def _lock_firm_memberships(firm):
    # Lock every membership of the firm so that two admins cannot demote each other at once.
    return list(FirmMembership.objects.select_for_update().filter(firm=firm).order_by("pk"))


def _refuse_support_acting_on_staff(*, by, user, permission: str) -> None:
    # Support staff (in the admin) never grant firm access to themselves or another staff account.
    if by is not None and by.is_staff:
        refuse_unless_may_act_on(by=by, user=user, permission=permission)


def membership_create(*, firm, user, role: str, created_by=None) -> FirmMembership:
    """Add a user to a firm's section (support staff create a firm's first admin this way)."""
    role = MembershipRole(role)
    _refuse_support_acting_on_staff(by=created_by, user=user, permission="firmsettings.add_firmmembership")
    with transaction.atomic():
        _lock_firm_memberships(firm)
        if FirmMembership.objects.filter(firm=firm, user=user).exists():
            raise MembershipError(f"{user.username} is already a member of {firm.name}.")
        membership = FirmMembership.objects.create(firm=firm, user=user, role=role)
        _record(firm=firm, setting=f"member:{user.username}", old="(not a member)", new=role.label,
                changed_by=created_by)
    return membership


def membership_change_role(*, membership: FirmMembership, role: str, changed_by) -> FirmMembership:
    """Change a member's role. The firm's last admin cannot be downgraded."""
    role = MembershipRole(role)
    _refuse_support_acting_on_staff(by=changed_by, user=membership.user,
                                    permission="firmsettings.change_firmmembership")
    with transaction.atomic():
        locked = {m.pk: m for m in _lock_firm_memberships(membership.firm_id)}
        current = locked.get(membership.pk)
        if current is None:
            raise MembershipError("This person is no longer a member of the firm.")
        if current.role == role:
            return current
        admins = [m for m in locked.values() if m.role == MembershipRole.ADMIN]
        if current.role == MembershipRole.ADMIN and len(admins) == 1:
            raise MembershipError("The firm's last admin cannot be given another role. Make someone else an admin "
                                  "first.")
        old = MembershipRole(current.role).label
        current.role = role
        current.save(update_fields=["role"])
        _record(firm=current.firm, setting=f"member:{current.user.username}", old=old, new=role.label,
                changed_by=changed_by)
    return current


def membership_remove(*, membership: FirmMembership, removed_by) -> None:
    """Remove a member from the firm's section. The firm's last admin cannot be removed."""
    with transaction.atomic():
        locked = {m.pk: m for m in _lock_firm_memberships(membership.firm_id)}
        current = locked.get(membership.pk)
        if current is None:
            return
        admins = [m for m in locked.values() if m.role == MembershipRole.ADMIN]
        if current.role == MembershipRole.ADMIN and len(admins) == 1:
            raise MembershipError("The firm's last admin cannot be removed. Make someone else an admin first.")
        firm, username, old = current.firm, current.user.username, MembershipRole(current.role).label
        current.delete()
        _record(firm=firm, setting=f"member:{username}", old=old, new="(removed)", changed_by=removed_by)


# --- Invitations ---------------------------------------------------------------------------


class InvitationError(ValidationError):
    """An invitation that cannot be used: unknown, expired, already used or revoked."""


@dataclass(frozen=True)
class SentInvitation:
    invitation: FirmInvitation
    token: str  # only ever in the email; not stored


def invitation_send(*, firm, email: str, role: str, invited_by) -> SentInvitation:
    """Invite someone by email to join the firm's section in a role. Any earlier pending
    invitation for the same address at this firm is revoked. The link is single use and
    expires after INVITATION_VALID_DAYS days."""
    role = MembershipRole(role)
    email = email.strip()
    if not email:
        raise InvitationError({"email": "Enter the email address to send the invitation to."})
    User = get_user_model()
    with transaction.atomic():
        _lock_firm_memberships(firm)
        if FirmMembership.objects.filter(firm=firm, user__in=User.objects.filter(email__iexact=email)).exists():
            raise InvitationError({"email": "Someone with this email address is already a member of the firm."})
        now = timezone.now()
        FirmInvitation.objects.filter(
            firm=firm, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        token = secrets.token_urlsafe(32)
        invitation = FirmInvitation.objects.create(
            firm=firm, email=email, role=role, token_hash=token_hash(token), invited_by=invited_by,
            created_at=now, expires_at=now + dt.timedelta(days=INVITATION_VALID_DAYS),
        )
        _record(firm=firm, setting=f"invitation:{email}", old="", new=f"Invited as {role.label}",
                changed_by=invited_by)
        link = absolute_reverse("firm:invitation", token=token)
        notify(
            kind="firm_invitation", address=email, firm=firm, sensitive=True,
            context={
                "firm_name": firm.name, "firm_crd_number": firm.crd_number, "role": role.label,
                "inviter": invited_by.get_full_name() or invited_by.username if invited_by else "FinPro support",
                "link": link, "expires_at": invitation.expires_at,
            },
        )
    return SentInvitation(invitation=invitation, token=token)


def invitation_revoke(*, invitation: FirmInvitation, revoked_by) -> None:
    with transaction.atomic():
        row = FirmInvitation.objects.select_for_update().get(pk=invitation.pk)
        if row.accepted_at or row.revoked_at:
            return
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
        _record(firm=row.firm, setting=f"invitation:{row.email}", old=f"Invited as {row.get_role_display()}",
                new="Revoked", changed_by=revoked_by)


def _usable_invitation(token: str) -> FirmInvitation:
    row = FirmInvitation.objects.select_for_update().select_related("firm").filter(token_hash=token_hash(token)).first()
    if row is None or row.revoked_at:
        raise InvitationError("This invitation link is not valid. Ask your firm's admin for a new one.")
    if row.accepted_at:
        raise InvitationError("This invitation has already been used. Sign in to reach your firm.")
    if row.expires_at <= timezone.now():
        raise InvitationError("This invitation has expired. Ask your firm's admin to send a new one.")
    return row


NOT_FOR_YOU = ("This invitation was sent to another email address. Sign in with the FinPro account of the address "
               "it was sent to, or ask your firm's admin to invite the email of this account.")


def _tell_inviter_of_refusal(*, row: FirmInvitation, user) -> None:
    # Once a day per invitation and account, so a refused person retrying sends no flood.
    from django.core.cache import cache

    if row.invited_by is None or not row.invited_by.email:
        return
    if not cache.add(f"invitation-refused:{row.pk}:{user.pk}", 1, 24 * 3600):
        return
    notify(kind="firm_invitation_refused", address=row.invited_by.email, recipient=row.invited_by, firm=row.firm,
           context={"first_name": row.invited_by.first_name, "firm_name": row.firm.name, "role": row.get_role_display(),
                    "invited_email": row.email, "username": user.username})


def invitation_opened_by_another(*, invitation: FirmInvitation, user) -> bool:
    """Someone signed in with another account opened the invitation's link: it is refused (the
    page says so) and the inviter is told, once a day per invitation and account. Returns whether
    it was someone else's."""
    if invitation_is_for(invitation=invitation, user=user):
        return False
    _tell_inviter_of_refusal(row=invitation, user=user)
    return True


def invitation_accept(*, token: str, user) -> FirmMembership:
    """Use an invitation: the signed-in user joins the firm in the invited role. Single use.
    Only an account whose confirmed email is the invited address may accept; anyone else is
    refused and the inviter told."""
    with transaction.atomic():
        row = _usable_invitation(token)
        allowed = invitation_is_for(invitation=row, user=user)
        if not allowed:
            _tell_inviter_of_refusal(row=row, user=user)  # committed: the refusal is raised after
    if not allowed:
        raise InvitationError(NOT_FOR_YOU, code="not_for_you")
    with transaction.atomic():
        row = _usable_invitation(token)
        if FirmMembership.objects.filter(firm=row.firm, user=user).exists():
            raise InvitationError(f"You are already a member of {row.firm.name}.")
        membership = FirmMembership.objects.create(firm=row.firm, user=user, role=row.role)
        row.accepted_at, row.accepted_by = timezone.now(), user
        row.save(update_fields=["accepted_at", "accepted_by"])
        _record(firm=row.firm, setting=f"member:{user.username}", old="(not a member)",
                new=f"{row.get_role_display()} (invitation accepted)", changed_by=user)
    return membership


def invitation_accept_new_account(
    *, token: str, username: str, password: str, first_name: str, last_name: str
) -> FirmMembership:
    """Use an invitation to create a FinPro account (firm staff need no CRD record) and join
    the firm. The account's email is the address the invitation was sent to."""
    User = get_user_model()
    with transaction.atomic():
        row = _usable_invitation(token)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": "That User ID is taken. Choose another."})
        user = User(username=username, email=row.email, first_name=first_name.strip(), last_name=last_name.strip())
        user.full_clean(exclude=["password"])
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise ValidationError({"username": "That User ID is taken. Choose another."}) from None
        return invitation_accept(token=token, user=user)


# --- Flex Funding --------------------------------------------------------------------------


def flex_funding_deposit(*, firm, amount_cents: int, memo: str = "", recorded_by) -> FlexFundingEntry:
    """Record money a firm paid into its Flex Funding account (support staff with the permission;
    `recorded_by=None` for the system itself, e.g. demo data)."""
    if recorded_by is not None and not recorded_by.has_perm("firmsettings.add_flexfundingentry"):
        raise PermissionDenied("You may not record Flex Funding deposits.")
    if not isinstance(amount_cents, int) or amount_cents <= 0:
        raise ValidationError({"amount_cents": "A deposit must be a positive amount."})
    with transaction.atomic():
        _locked_settings(firm)
        return FlexFundingEntry.objects.create(
            firm=firm, kind=FlexFundingKind.DEPOSIT, amount_cents=amount_cents, memo=memo.strip(),
            recorded_by=recorded_by,
        )


def flex_funding_charge_iar_ce_fee(*, firm, individual, memo: str = "") -> FlexFundingEntry:
    """Pay the $18 IAR CE Products and Practice fee for a representative from the firm's Flex
    Funding account. Refused when the firm has not opted in or the balance is too low."""
    with transaction.atomic():
        row = _locked_settings(firm)
        if not row.iar_ce_fee_opt_in:
            raise ValidationError("The firm does not pay the IAR CE fee for its representatives.")
        if flex_funding_balance_cents(firm=firm) < IAR_CE_FEE_CENTS:
            raise ValidationError("The firm's Flex Funding balance is too low to pay the IAR CE fee.")
        return FlexFundingEntry.objects.create(
            firm=firm, kind=FlexFundingKind.IAR_CE_FEE, amount_cents=-IAR_CE_FEE_CENTS, individual=individual,
            memo=memo or f"IAR CE fee for CRD# {individual.crd_number}",
        )


def flex_funding_charge_regulatory_element_fee(*, firm, individual, amount_cents: int, year: int,
                                               memo: str = "") -> FlexFundingEntry:
    """Debit the firm's Flex Funding ledger with the Regulatory Element session fee of one of its
    representatives. Unlike the IAR CE fee this is not optional for the firm and is owed even
    when the balance is too low (the balance may go below zero). The caller (ce.services)
    guarantees it happens once per person and year."""
    if not isinstance(amount_cents, int) or amount_cents <= 0:
        raise ValidationError({"amount_cents": "A fee must be a positive amount."})
    with transaction.atomic():
        _locked_settings(firm)
        return FlexFundingEntry.objects.create(
            firm=firm, kind=FlexFundingKind.REGULATORY_ELEMENT_FEE, amount_cents=-amount_cents,
            individual=individual, memo=memo or f"{year} Regulatory Element fee for CRD# {individual.crd_number}",
        )
