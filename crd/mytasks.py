"""My Task list providers of the CRD record: certify your record (when your firm asks) and,
for a person not with a firm, keep your residential address current.

Both read `crd.selectors.record_facts`, which loads what they need in three queries and is
shared with the dashboard for the rest of the request."""

from django.urls import reverse
from django.utils.formats import date_format

from finpro.mytasks import Task

from . import selectors


def tasks_for(user) -> list[Task]:
    facts = selectors.record_facts(user=user)
    if facts is None:
        return []
    tasks = [
        Task(
            title=f"Certify your record for {due.firm.name}",
            url=reverse("record:attest", args=[due.firm.crd_number]),
            detail=due.reason,
            key=f"crd.attest.{due.firm.crd_number}",
        )
        for due in facts.attestations_due
    ]
    if facts.address_due:
        confirmed = facts.individual.address_confirmed_on
        detail = (f"Last confirmed {date_format(confirmed, 'SHORT_DATE_FORMAT')}." if confirmed
                  else "You have not confirmed it since you left your firm.")
        tasks.append(Task(
            title="Update your residential address",
            url=reverse("record:address"),
            detail=f"People not with a firm keep their address current in CRD. {detail}",
            key="crd.address",
        ))
    return tasks
