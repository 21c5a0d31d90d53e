"""Reads of Form U5, scoped by a required `firm=` or `individual=`: another firm's or person's
filing is not in the queryset, so fetching it is a 404."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from crd.models import Association, Individual, Registration

from .choices import ADDRESS_CURRENT_YEARS
from .models import Filing


def filings_for_firm(*, firm) -> QuerySet[Filing]:
    """The firm's filings and amendments, newest first, with their person."""
    return (Filing.objects.filter(firm=firm).select_related("individual", "firm", "amends", "filed_by")
            .order_by("-filed_at", "-id"))


def filings_for_individual(*, individual) -> QuerySet[Filing]:
    """Every Form U5 and amendment on the person's record, from any firm."""
    return (Filing.objects.filter(individual=individual).select_related("firm", "individual", "amends")
            .order_by("-filed_at", "-id"))


def filing_detail(queryset: QuerySet[Filing]) -> QuerySet[Filing]:
    return queryset.prefetch_related("drps", "registrations__category", "registrations__jurisdiction")


def associated_individual(*, firm, crd_number: int) -> Individual | None:
    """The person with this CRD# when they are currently associated with the firm, else None."""
    association = (Association.objects.filter(firm=firm, individual__crd_number=crd_number, end_date__isnull=True)
                   .select_related("individual").first())
    return association.individual if association else None


def address_current_until(*, individual, today: dt.date | None = None) -> dt.date | None:
    """When a person with no firm and no open registration may stop keeping their residential
    address current: two years after their last registration ended. None when that does not apply
    (still with a firm or registered, never registered, or the two years are over)."""
    today = today or timezone.localdate()
    if Association.objects.filter(individual=individual, end_date__isnull=True).exists():
        return None
    regs = list(Registration.objects.filter(individual=individual).values_list("status", "terminated_on"))
    if not regs or any(status != "terminated" for status, _ in regs):
        return None
    last_end = max((end for _, end in regs if end), default=None)
    if last_end is None:
        return None
    until = last_end.replace(year=last_end.year + ADDRESS_CURRENT_YEARS) if not (
        last_end.month == 2 and last_end.day == 29) else last_end.replace(year=last_end.year + ADDRESS_CURRENT_YEARS,
                                                                          day=28)
    return until if until >= today else None
