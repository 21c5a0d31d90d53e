"""My Task list provider of continuing education: "Complete your Regulatory Element CE", due
on the earlier of the firm's date and Dec 31. Reads ce.selectors.ce_status_for_user (one query,
shared with the dashboard) and the crd record facts the dashboard loads anyway."""

from django.urls import reverse

from crd.selectors import record_facts
from finpro.mytasks import Task

from .choices import PlanStatus
from .selectors import ce_status_for_user, sro_due_date


def tasks_for(user) -> list[Task]:
    status = ce_status_for_user(user=user)
    if status is None or status.satisfied or not status.total:
        return []
    facts = record_facts(user=user)
    sro = sro_due_date(year=status.year)
    firm_dates = [due for _firm, due in (facts.firm_ce_due if facts else []) if due.year == status.year]
    due = min([sro, *firm_dates])
    detail = f"{status.done} of {status.total} modules completed."
    if status.status == PlanStatus.CE_INACTIVE:
        detail += " Your registrations are CE Inactive until you finish."
    return [Task(title="Complete your Regulatory Element CE", url=reverse("ce:overview"), due_date=due,
                 detail=f"Launch CE: {detail}", key="ce.regulatory_element")]
