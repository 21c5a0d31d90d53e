"""My Task list providers of Form U5: "Read the new Form U5 from <firm>" for a filing of the last
30 days, and, for a person whose last registration ended, "Keep your residential address
current" until two years after that end. They read the dashboard's `record_facts` (loaded once
per request) and query only for a person with an ended registration: one query at most."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from crd.selectors import record_facts
from finpro.mytasks import Task

from . import selectors

NEW_FILING_DAYS = 30


def tasks_for(user) -> list[Task]:
    facts = record_facts(user=user)
    if facts is None or not any(r.status == "terminated" for r in facts.registrations):
        return []
    today = timezone.localdate()
    since = timezone.now() - dt.timedelta(days=NEW_FILING_DAYS)
    tasks = [
        Task(title=f"Read the new Form U5 from {filing.firm.name}", url=reverse("u5:detail", args=[filing.pk]),
             detail="A new Form U5 is on file on your record.", key=f"u5.read.{filing.pk}")
        for filing in selectors.filings_for_individual(individual=facts.individual).filter(filed_at__gte=since)[:5]
    ]
    until = selectors.address_current_until_from(has_current_firm=bool(facts.associations),
                                                 registrations=facts.registrations, today=today)
    if until is not None:
        tasks.append(Task(
            title="Keep your residential address current", url=reverse("record:address"), due_date=until,
            detail=f"After your last registration ended, keep your address current in CRD until "
                   f"{date_format(until, 'SHORT_DATE_FORMAT')}.", key="u5.address"))
    return tasks
