"""My Task list providers of Form U4: "Complete your Form U4 for <firm>" while sections are
open to the person, "Sign your Form U4 for <firm>" while it waits for their signature,
"Acknowledge an amended disclosure for <firm>" while a disclosure amendment waits for them. One query,
none on the dashboard for a person without an open filing (the hint says so)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from crd.selectors import verified_individual_id
from finpro.mytasks import Task, hint

from . import selectors
from .choices import FilingStatus


def hints(user) -> dict:
    return {"u4_open_filing": Exists(selectors.open_tasks_for(individual=OuterRef("pk")))}


def tasks_for(user) -> list[Task]:
    individual_id = verified_individual_id(user)
    if individual_id is None or hint(user, "u4_open_filing") is False:
        return []
    tasks = []
    for filing in selectors.open_tasks_for(individual=individual_id):
        if filing.status == FilingStatus.WITH_REP:
            tasks.append(Task(title=f"Complete your Form U4 for {filing.firm.name}",
                              url=reverse("u4:entry", args=[filing.pk]),
                              detail="Your firm opened sections of your Form U4 for you to fill in.",
                              key=f"u4.complete.{filing.pk}"))
        elif filing.status == FilingStatus.AWAITING_ACKNOWLEDGMENT:
            tasks.append(Task(title=f"Acknowledge an amended disclosure for {filing.firm.name}",
                              url=reverse("u4:acknowledge", args=[filing.pk]),
                              detail="Your firm amended the disclosures on your Form U4: read the change and "
                                     "acknowledge it.", key=f"u4.acknowledge.{filing.pk}"))
        else:
            tasks.append(Task(title=f"Sign your Form U4 for {filing.firm.name}",
                              url=reverse("u4:sign", args=[filing.pk]),
                              detail="Read the final version and sign it.", key=f"u4.sign.{filing.pk}"))
    return tasks
