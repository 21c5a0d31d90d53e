"""CE emails: status changes, the termination notice and due-date reminders. Each goes out
at most once per person, year and kind; the CENotice unique constraint guarantees it."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from accounts.models import User
from firmsettings.selectors import settings_for
from notifications.services import notify

from .choices import STATUS_CHANGE_NOTICES, NoticeKind
from .models import CENotice, LearningPlan


def _claim(*, individual_id: int, ce_year_id: int, kind: str) -> CENotice | None:
    """Insert the notice row; None when it already exists (someone sent it before)."""
    try:
        with transaction.atomic():
            return CENotice.objects.create(individual_id=individual_id, ce_year_id=ce_year_id, kind=kind)
    except IntegrityError:
        return None


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
        ctx = {"first_name": individual.first_name, "year": ce_year.year, "firm_name": firm.name if firm else "",
               "due_date": related_date, **context}
        if user is not None:
            notice.notification = notify(kind=template, address=user.email, recipient=user, individual=individual,
                                         firm=firm, context=ctx, related_date=related_date)
            notice.save(update_fields=["notification"])
        if copy_to:
            notify(kind=template + "_firm_copy", address=copy_to, individual=individual, firm=firm,
                   context={**ctx, "person_name": individual.full_name, "crd_number": individual.crd_number},
                   related_date=related_date)
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


def reminder_notify(*, plan: LearningPlan, firm, days: int, due_date: dt.date, user=False,
                    firm_settings=None) -> CENotice | None:
    """The due-date reminder `days` before `due_date`."""
    firm_settings = firm_settings or settings_for(firm=firm)
    context = {"days": days, "firm_set": due_date != dt.date(due_date.year, 12, 31)}
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
