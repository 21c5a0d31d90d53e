"""My Task list provider of the accounts app: "Verify contact emails".

A task shows when an email change the person started waits for its confirmation link, and
when their personal and business emails are due for the yearly "still correct" confirmation.
No queries of its own: the Profile and the waiting change come with the signed-in user
(accounts.selectors.user_for_request)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from finpro.mytasks import Task

from . import selectors


def tasks_for(user) -> list[Task]:
    tasks = []
    my_account = reverse("my_account")
    pending = selectors.pending_email_change(user=user)
    if pending is not None:
        tasks.append(Task(
            title=f"Confirm your new {pending.label}",
            url=f"{my_account}#contact-title",
            due_date=timezone.localdate(pending.expires_at),
            detail=f"Check {pending.masked} for the confirmation link. "
                   f"Your {pending.label} changes once you follow it.",
            key="accounts.email_change",
        ))
    profile = selectors.profile_for(user=user)
    if profile is not None and selectors.contact_emails_confirmation_due(profile=profile):
        confirmed = profile.contact_emails_confirmed_on
        when = (f"You last confirmed them on {date_format(confirmed, 'm/d/Y')}." if confirmed
                else "You have not confirmed them yet.")
        tasks.append(Task(
            title="Verify your contact emails",
            url=f"{my_account}#contact-title",
            due_date=selectors.contact_emails_due_on(profile=profile),
            detail=f"Check that your Personal Email and Business Email are still correct. {when}",
            key="accounts.contact_emails",
        ))
    return tasks
