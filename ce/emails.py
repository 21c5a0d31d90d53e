"""CE emails: status changes, the termination notice and due-date reminders. Each goes out
at most once per person, year and kind; the CENotice unique constraint guarantees it."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from accounts.models import User
from firmsettings.selectors import settings_for
from notifications.inbox import unread_counts_forget
from notifications.models import Notification
from notifications.services import notification_build, notify

from .choices import STATUS_CHANGE_NOTICES, NoticeKind
from .models import CENotice, LearningPlan


def _claim(*, individual_id: int, ce_year_id: int, kind: str) -> CENotice | None:
    """Insert the notice row; None when it already exists (someone sent it before)."""
    try:
        with transaction.atomic():
            return CENotice.objects.create(individual_id=individual_id, ce_year_id=ce_year_id, kind=kind)
    except IntegrityError:
        return None


def _context(*, individual, ce_year, firm, related_date, context: dict) -> dict:
    return {"first_name": individual.first_name, "year": ce_year.year, "firm_name": firm.name if firm else "",
            "due_date": related_date, **context}


def _copy_context(ctx: dict, individual) -> dict:
    return {**ctx, "person_name": individual.full_name, "crd_number": individual.crd_number}


def _send(*, plan: LearningPlan | None = None, kind: str, template: str, firm, context: dict,
          related_date: dt.date | None = None, copy_to: str = "", individual=None, ce_year=None,
          user=False) -> CENotice | None:
    """Claim the notice and write the outbox rows in one transaction: a worker that dies midway
    leaves neither (the chunk is redelivered and sends it), a replay finds the claim and sends
    nothing. `user` may be passed in (None: the person has no account) to save a query."""
    individual = individual or plan.individual
    ce_year = ce_year or plan.ce_year
    with transaction.atomic():
        notice = _claim(individual_id=individual.pk, ce_year_id=ce_year.pk, kind=kind)
        if notice is None:
            return None
        if user is False:
            user = User.objects.filter(individual_id=individual.pk, is_active=True).exclude(email="").first()
        ctx = _context(individual=individual, ce_year=ce_year, firm=firm, related_date=related_date, context=context)
        if user is not None:
            notice.notification = notify(kind=template, address=user.email, recipient=user, individual=individual,
                                         firm=firm, context=ctx, related_date=related_date)
            notice.save(update_fields=["notification"])
        if copy_to:
            notify(kind=template + "_firm_copy", address=copy_to, individual=individual, firm=firm,
                   context=_copy_context(ctx, individual), related_date=related_date)
        return notice


def status_change_notify(*, plan: LearningPlan, status: str) -> CENotice | None:
    """Tell the person (and the firm contact) of a status change, when their firm asks for it."""
    from .services import fee_payer

    if status not in STATUS_CHANGE_NOTICES:
        return None
    firm = fee_payer(individual=plan.individual)
    if firm is None:
        return None
    firm_settings = settings_for(firm=firm)
    if not firm_settings.ce_status_change_emails:
        return None
    return _send(plan=plan, kind=status, template="ce_status_change", firm=firm,
                 context={"status_label": NoticeKind(status).label.removeprefix("Status: ")},
                 copy_to=firm_settings.ce_copy_to_email)


def terminated_notify(*, plan: LearningPlan) -> CENotice | None:
    """The person is always told their registrations were terminated for CE."""
    from .services import fee_payer

    firm = fee_payer(individual=plan.individual)
    copy_to = settings_for(firm=firm).ce_copy_to_email if firm else ""
    return _send(plan=plan, kind=NoticeKind.TERMINATED, template="ce_terminated", firm=firm, context={},
                 copy_to=copy_to)


def _reminder_context(*, days: int, due_date: dt.date) -> dict:
    return {"days": days, "firm_set": due_date != dt.date(due_date.year, 12, 31)}


def reminders_write(*, plans: list[LearningPlan], firm, days: int, due_date: dt.date, firm_settings,
                    users: dict) -> list[int]:
    """The reminders of a chunk of plans, written at once: the claims of those not yet reminded
    and their outbox rows in one transaction, nothing enqueued (the chunk sends them itself,
    notifications_send_batch). Returns the new outbox rows' ids. When another run claimed some
    of these plans meanwhile, falls back to one claim at a time, where the claim decides."""
    kind = f"reminder_{days}"
    claimed = set(CENotice.objects.filter(
        kind=kind, ce_year_id__in={p.ce_year_id for p in plans}, individual_id__in=[p.individual_id for p in plans],
    ).values_list("individual_id", "ce_year_id"))
    fresh = [p for p in plans if (p.individual_id, p.ce_year_id) not in claimed]
    extra = _reminder_context(days=days, due_date=due_date)
    copy_to = firm_settings.ce_copy_to_email
    try:
        with transaction.atomic():
            rows, notices = [], []
            for plan in fresh:
                ctx = _context(individual=plan.individual, ce_year=plan.ce_year, firm=firm, related_date=due_date,
                               context=extra)
                user = users.get(plan.individual_id)
                mine = None
                if user is not None:
                    mine = notification_build(kind="ce_reminder", address=user.email, recipient=user,
                                              individual=plan.individual, firm=firm, context=ctx,
                                              related_date=due_date)
                    rows.append(mine)
                if copy_to:
                    rows.append(notification_build(kind="ce_reminder_firm_copy", address=copy_to,
                                                   individual=plan.individual, firm=firm,
                                                   context=_copy_context(ctx, plan.individual), related_date=due_date))
                notices.append(CENotice(individual_id=plan.individual_id, ce_year_id=plan.ce_year_id, kind=kind,
                                        notification=mine))
            Notification.objects.bulk_create(rows, batch_size=500)
            CENotice.objects.bulk_create(notices, batch_size=1000)
            recipients = [n.recipient_id for n in rows if n.recipient_id]
            transaction.on_commit(lambda: unread_counts_forget(user_ids=recipients))
            return [n.pk for n in rows]
    except IntegrityError:
        for plan in fresh:
            reminder_notify(plan=plan, firm=firm, days=days, due_date=due_date, firm_settings=firm_settings,
                            user=users.get(plan.individual_id))
        return []


def reminder_notify(*, plan: LearningPlan, firm, days: int, due_date: dt.date, user=False,
                    firm_settings=None) -> CENotice | None:
    """The due-date reminder `days` before `due_date`."""
    firm_settings = firm_settings or settings_for(firm=firm)
    context = _reminder_context(days=days, due_date=due_date)
    return _send(plan=plan, kind=f"reminder_{days}", template="ce_reminder", firm=firm, context=context,
                 related_date=due_date, copy_to=firm_settings.ce_copy_to_email, user=user)


def iar_shortfall_notify(*, individual, ce_year, short: int) -> CENotice | None:
    """The IAR CE year ended with credits short: tell the person (and the firm contact), when
    their firm sends CE status-change emails."""
    from .services import fee_payer

    firm = fee_payer(individual=individual)
    if firm is None:
        return None
    firm_settings = settings_for(firm=firm)
    if not firm_settings.ce_status_change_emails:
        return None
    return _send(individual=individual, ce_year=ce_year, kind=NoticeKind.IAR_SHORTFALL, template="ce_iar_shortfall",
                 firm=firm, context={"short": short}, copy_to=firm_settings.ce_copy_to_email)
