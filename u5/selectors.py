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


def _plus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # Feb 29
        return day.replace(year=day.year + years, day=28)


def address_current_until_from(*, has_current_firm: bool, registrations, today: dt.date) -> dt.date | None:
    """The rule of `address_current_until` on rows already loaded (`registrations` with status and
    terminated_on): no query."""
    if has_current_firm or not registrations or any(r.status != "terminated" for r in registrations):
        return None
    last_end = max((r.terminated_on for r in registrations if r.terminated_on), default=None)
    if last_end is None:
        return None
    until = _plus_years(last_end, ADDRESS_CURRENT_YEARS)
    return until if until >= today else None


def address_current_until(*, individual, today: dt.date | None = None) -> dt.date | None:
    """When a person with no firm and no open registration may stop keeping their residential
    address current: two years after their last registration ended. None when that does not apply
    (still with a firm or registered, never registered, or the two years are over)."""
    today = today or timezone.localdate()
    return address_current_until_from(
        has_current_firm=Association.objects.filter(individual=individual, end_date__isnull=True).exists(),
        registrations=list(Registration.objects.filter(individual=individual).only("status", "terminated_on")),
        today=today)
