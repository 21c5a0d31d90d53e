"""My Task list provider of continuing education: "Complete your Regulatory Element CE", due
on the earlier of the firm's date and Dec 31. Reads ce.selectors.ce_status_for_user (one query,
shared with the dashboard) and the crd record facts the dashboard loads anyway."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from crd.selectors import record_facts
from finpro.mytasks import Task, hint

from .choices import PlanStatus
from .selectors import ce_status_for_user, sro_due_date


def hints(user) -> dict:
    """Does the person hold an IAR registration in an adopting jurisdiction? Without one the
    IAR tasks cost the dashboard no query."""
    from . import iar_selectors

    return {"ce_iar_required": Exists(iar_selectors.iar_registrations(individual=OuterRef("pk")))}


def tasks_for(user) -> list[Task]:
    return _regulatory_element(user) + _iar(user)


def _iar(user) -> list[Task]:
    """Apply Regulatory Element to IAR CE; IAR CE credits short. Only for people with an IAR
    registration in an adopting jurisdiction (one query decides; two more for them)."""
    from crd.selectors import verified_individual_id

    from . import iar_selectors

    individual_id = verified_individual_id(user)
    if individual_id is None or hint(user, "ce_iar_required") is False:
        return []
    status = iar_selectors.iar_status_for(individual=individual_id)
    if not status.required:
        return []
    tasks = []
    due = sro_due_date(year=status.year)
    if iar_selectors.carry_over_eligibility(individual=individual_id, year=status.year).eligible:
        tasks.append(Task(title="Apply Regulatory Element to IAR CE", url=reverse("ce:iar_apply"), due_date=due,
                          detail="Count your completed Regulatory Element for the 6 Products and Practice "
                                 "credits ($18).", key="ce.iar.apply"))
    if status.short:
        tasks.append(Task(title="IAR CE credits short", url=reverse("ce:iar"), due_date=due,
                          detail=f"{status.short} of {sum(c.required for c in status.components)} credits still "
                                 "needed this year.", key="ce.iar.short"))
    return tasks


def _regulatory_element(user) -> list[Task]:
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
