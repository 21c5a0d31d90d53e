"""Reads of Form U4, scoped by a required `firm=` or `individual=`: another firm's or person's
filing is simply not in the queryset, so fetching it is a 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .choices import FilingStatus
from .models import Filing, FilingEvent


@dataclass(frozen=True)
class FilingFilters:
    status: str = ""
    q: str = ""


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
    return filings.order_by("-updated_at", "-id")


def filings_for_individual(*, individual) -> QuerySet[Filing]:
    """The person's own filings that were ever put in front of them (open to edit, to sign, signed
    or submitted), never a firm's private draft."""
    return (Filing.objects.filter(individual=individual)
            .filter(Q(status__in=[FilingStatus.WITH_REP, FilingStatus.AWAITING_SIGNATURE, FilingStatus.SIGNED,
                                  FilingStatus.SUBMITTED]) | Q(events__action="rep_edits_allowed"))
            .distinct().select_related("firm", "individual").order_by("-updated_at", "-id"))


def events_for(*, filing: Filing) -> QuerySet[FilingEvent]:
    return FilingEvent.objects.filter(filing=filing).select_related("actor").order_by("-at", "-id")


def open_tasks_for(*, individual) -> QuerySet[Filing]:
    """Filings waiting for the person: sections open to them, or a version to sign."""
    return (Filing.objects.filter(individual=individual,
                                  status__in=[FilingStatus.WITH_REP, FilingStatus.AWAITING_SIGNATURE])
            .select_related("firm").order_by("updated_at"))
