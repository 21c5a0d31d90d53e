"""My Task list provider of the accounts app: "Verify contact emails".

A task shows when an email change the person started waits for its confirmation link, and
when their personal and business emails are due for the yearly "still correct" confirmation.
On the dashboard no query unless a change waits (the hints below); elsewhere one query (the
Profile and the waiting change together, accounts.selectors.profile_for)."""

from django.db.models import Exists, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from finpro.mytasks import Task, hint

from . import selectors
from .models import Profile


def hints(user) -> dict:
    """Loaded with the dashboard's Individual query: whether an email change waits, and the
    Profile's last confirmation of the contact emails. The provider then needs no query unless
    a change waits (one query for it)."""
    profile = Profile.objects.filter(user_id=user.pk)
    return {
        "accounts_email_change_pending": Exists(selectors.pending_email_changes(user_id=user.pk)),
        "accounts_has_profile": Exists(profile),
        "accounts_emails_confirmed_on": Subquery(profile.values("contact_emails_confirmed_on")[:1]),
    }


def tasks_for(user) -> list[Task]:
    tasks = []
    my_account = reverse("my_account")
    if hint(user, "accounts_has_profile") is None:  # not from the dashboard: one query for both
        profile = selectors.profile_for(user=user)
        pending = selectors.pending_email_change(user=user)
        confirmed = profile.contact_emails_confirmed_on if profile is not None else None
    else:
        profile = hint(user, "accounts_has_profile") or None
        pending = selectors.pending_email_change(user=user) if hint(user, "accounts_email_change_pending") else None
        confirmed = hint(user, "accounts_emails_confirmed_on")
    if pending is not None:
        tasks.append(Task(
            title=f"Confirm your new {pending.label}",
            url=f"{my_account}#contact-title",
            due_date=timezone.localdate(pending.expires_at),
            detail=f"Check {pending.masked} for the confirmation link. "
                   f"Your {pending.label} changes once you follow it.",
            key="accounts.email_change",
        ))
    if profile is not None and selectors.contact_emails_confirmation_due(confirmed_on=confirmed):
        when = (f"You last confirmed them on {date_format(confirmed, 'm/d/Y')}." if confirmed
                else "You have not confirmed them yet.")
        tasks.append(Task(
            title="Verify your contact emails",
            url=f"{my_account}#contact-title",
            due_date=selectors.contact_emails_due_on(confirmed_on=confirmed),
            detail=f"Check that your Personal Email and Business Email are still correct. {when}",
            key="accounts.contact_emails",
        ))
    return tasks
