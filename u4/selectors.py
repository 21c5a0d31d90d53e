"""Reads of Form U4, scoped by a required `firm=` or `individual=`: another firm's or person's
filing is simply not in the queryset, so fetching it is a 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from .choices import EventAction, FilingStatus
from .models import Filing, FilingEvent


@dataclass(frozen=True)
class FilingFilters:
    status: str = ""
    q: str = ""
    kind: str = ""
    sort: str = ""


def filings_for_firm(*, firm, filters: FilingFilters | None = None) -> QuerySet[Filing]:
    """The firm's filings with their person, newest change first."""
    filings = Filing.objects.filter(firm=firm).select_related("firm", "individual", "created_by")
    filters = filters or FilingFilters()
    if filters.status:
        filings = filings.filter(status=filters.status)
    q = filters.q.strip()
    if q.isdigit():
        filings = filings.filter(individual__crd_number=int(q))
    elif q:
        filings = filings.filter(
            Q(individual__last_name__icontains=q) | Q(individual__first_name__icontains=q)
            | Q(content__general__last_name__icontains=q))
    if filters.kind:
        filings = filings.filter(kind=filters.kind)
    if filters.sort == "due":
        # Open amendments first, soonest due first; then everything else by last change.
        return filings.order_by(F("due_date").asc(nulls_last=True), "-updated_at", "-id")
    return filings.order_by("-updated_at", "-id")


def filings_for_individual(*, individual) -> QuerySet[Filing]:
    """The person's own filings that were ever put in front of them (open to edit, to sign, signed
    or submitted), never a firm's private draft."""
    return (Filing.objects.filter(individual=individual)
            .filter(Q(status__in=[FilingStatus.WITH_REP, FilingStatus.AWAITING_SIGNATURE, FilingStatus.SIGNED,
                                  FilingStatus.SUBMITTED, FilingStatus.AWAITING_ACKNOWLEDGMENT,
                                  FilingStatus.ACKNOWLEDGED])
                    | Q(events__action__in=["rep_edits_allowed", "ack_requested"]))
            .distinct().select_related("firm", "individual").order_by("-updated_at", "-id"))


def events_for(*, filing: Filing) -> QuerySet[FilingEvent]:
    return FilingEvent.objects.filter(filing=filing).select_related("actor").order_by("-at", "-id")


def open_tasks_for(*, individual) -> QuerySet[Filing]:
    """Filings waiting for the person: sections open to them, a version to sign, or an amended
    disclosure to acknowledge."""
    return (Filing.objects.filter(individual=individual,
                                  status__in=[FilingStatus.WITH_REP, FilingStatus.AWAITING_SIGNATURE,
                                              FilingStatus.AWAITING_ACKNOWLEDGMENT])
            .select_related("firm").order_by("updated_at"))


def rep_changes_for(*, filing: Filing) -> dict[str, dict]:
    """{section: its content before the person's first save of it}: what the person changed is
    that beside the section's content now. One query."""
    before: dict[str, dict] = {}
    saves = (FilingEvent.objects.filter(filing=filing, action=EventAction.SECTION_SAVED, detail__by="rep")
             .order_by("at", "id").values_list("section", "detail"))
    for section, detail in saves:
        before.setdefault(section, (detail or {}).get("before") or {})
    return before
