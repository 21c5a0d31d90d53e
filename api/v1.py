"""The firm REST API, version 1 (django-ninja). Schemas here are the contract; the reads under
them are the firm pages' own selectors, always with the key's firm, so another firm's person or
filing is a 404. Every operation names its scope (api.auth.FirmKey); every error is RFC 9457."""

from __future__ import annotations

import datetime as dt
import enum

from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from ce.selectors import ce_status_for
from firmsettings.selectors import AttestationStatus, roster
from u4.choices import FilingStatus
from u4.selectors import filings_for_firm
from u5.choices import FilingKind as U5FilingKind
from u5.selectors import filings_for_firm as u5_filings_for_firm

from . import selectors
from .auth import FirmKey
from .choices import ApiScope
from .problems import PROBLEM_CONTENT_TYPE, ApiProblem, problem_response

MAX_ID = 2**31 - 1


class FinProApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Error responses are documented as application/problem+json, as they are sent."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return schema


api = FinProApi(
    title="FinPro firm API", version="1", urls_namespace="api_v1", docs_url=None,
    description="Read your firm's roster, records, CE status, filings and notifications. Authenticate with "
                "Authorization: Bearer <API key>; keys are created by a firm admin under Firm section → API.",
)


@api.exception_handler(ApiProblem)
def _on_problem(request, exc: ApiProblem):
    return problem_response(exc.status, exc.detail, headers=exc.headers, **exc.extra)


@api.exception_handler(AuthenticationError)
def _on_unauthenticated(request, exc):
    return problem_response(401, "Send an API key as Authorization: Bearer <key>.")


@api.exception_handler(Http404)
def _on_not_found(request, exc):
    return problem_response(404, "Nothing here for your firm.")


@api.exception_handler(HttpError)
def _on_http_error(request, exc: HttpError):
    return problem_response(exc.status_code, str(exc))


@api.exception_handler(NinjaValidationError)
def _on_invalid(request, exc: NinjaValidationError):
    errors = [{"loc": [str(p) for p in e.get("loc", [])], "msg": str(e.get("msg", ""))} for e in exc.errors]
    return problem_response(422, "Some parameters are not valid.", errors=errors)


# --- Schemas --------------------------------------------------------------------------------------


class Problem(Schema):
    """An RFC 9457 problem details object."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None


ERRORS = {401: Problem, 403: Problem, 429: Problem}
ERRORS_404 = {**ERRORS, 404: Problem}
ERRORS_422 = {**ERRORS, 422: Problem}
ERRORS_ALL = {**ERRORS, 404: Problem, 422: Problem}


class Paging(Schema):
    limit: int = Field(50, ge=1, le=100, description="Items per page (at most 100).")
    offset: int = Field(0, ge=0, le=1_000_000, description="Items to skip.")


class RegistrationOut(Schema):
    category: str
    regulator: str
    status: str


class PersonOut(Schema):
    crd_number: int
    first_name: str
    middle_name: str
    last_name: str
    association_kind: str | None
    association_start: dt.date | None
    association_end: dt.date | None
    has_finpro_account: bool
    ce_status: str = Field(description="current or ce_inactive (from the person's registrations).")
    attestation_status: str
    last_attested_at: dt.datetime | None
    registrations: list[RegistrationOut]


class PersonPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PersonOut]


class PersonRecordOut(PersonOut):
    attestation_status_label: str
    last_accessed_at: dt.datetime | None
    u4_filings: int


class RegulatoryElementOut(Schema):
    status: str
    status_label: str
    modules_done: int
    modules_total: int


class CeStatusOut(Schema):
    crd_number: int
    year: int
    ce_inactive: bool
    regulatory_element: RegulatoryElementOut | None


class U4FilingOut(Schema):
    id: int
    crd_number: int
    kind: str
    status: str
    status_label: str
    created_at: dt.datetime
    updated_at: dt.datetime
    signed_at: dt.datetime | None
    submitted_at: dt.datetime | None


class U4FilingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[U4FilingOut]


FilingStatusParam = enum.Enum("FilingStatusParam", {s.name: s.value for s in FilingStatus}, type=str)


class U4FilingFilters(Paging):
    status: FilingStatusParam | None = Field(None, description="Only filings in this status.")
    crd_number: int | None = Field(None, ge=1, le=MAX_ID, description="Only filings for this person (CRD#).")


class U5FilingOut(Schema):
    id: int
    crd_number: int
    kind: str
    kind_label: str
    amends_id: int | None
    termination_date: dt.date
    reason: str
    deadline: dt.date
    late: bool
    filed_at: dt.datetime


class U5FilingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[U5FilingOut]


U5KindParam = enum.Enum("U5KindParam", {k.name: k.value for k in U5FilingKind}, type=str)


class U5FilingFilters(Paging):
    kind: U5KindParam | None = Field(None, description="Only filings of this kind.")
    crd_number: int | None = Field(None, ge=1, le=MAX_ID, description="Only filings for this person (CRD#).")


class NotificationOut(Schema):
    id: int
    kind: str
    channel: str
    address: str = Field(description="Masked: enough to recognise the address, not to use it.")
    status: str
    crd_number: int | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
    related_date: dt.date | None


class NotificationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[NotificationOut]


class WebhookEndpointOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    status: str
    failing_since: dt.datetime | None
    disabled_at: dt.datetime | None


# --- Helpers --------------------------------------------------------------------------------------


def _page(queryset, paging: Paging, convert):
    items = [convert(row) for row in queryset[paging.offset:paging.offset + paging.limit]]
    return {"count": queryset.count(), "limit": paging.limit, "offset": paging.offset, "items": items}


def _person(person) -> dict:
    return {
        "crd_number": person.crd_number, "first_name": person.first_name, "middle_name": person.middle_name,
        "last_name": person.last_name, "association_kind": person.assoc_kind, "association_start": person.assoc_start,
        "association_end": person.assoc_end, "has_finpro_account": person.has_account,
        "ce_status": "ce_inactive" if person.ce_inactive else "current",
        "attestation_status": person.attestation_status, "last_attested_at": person.attested_at,
        "registrations": [{"category": r.category.code, "regulator": r.regulator_label, "status": r.status}
                          for r in person.firm_registrations],
    }


def _person_of(firm, crd_number: int):
    person = roster(firm=firm).filter(crd_number=crd_number).first()
    if person is None:
        raise Http404
    return person


def _filing(filing) -> dict:
    return {
        "id": filing.pk, "crd_number": filing.individual.crd_number, "kind": filing.kind, "status": filing.status,
        "status_label": filing.get_status_display(), "created_at": filing.created_at,
        "updated_at": filing.updated_at, "signed_at": filing.signed_at, "submitted_at": filing.submitted_at,
    }


def _u5_filing(filing) -> dict:
    return {
        "id": filing.pk, "crd_number": filing.individual.crd_number, "kind": filing.kind,
        "kind_label": filing.get_kind_display(), "amends_id": filing.amends_id,
        "termination_date": filing.termination_date, "reason": filing.reason, "deadline": filing.deadline,
        "late": filing.is_late, "filed_at": filing.filed_at,
    }


def _get(path: str, *, scope: str, **kwargs):
    """A GET operation needing `scope`; the scope is also written into the OpenAPI document
    (x-required-scope) for the docs page and the API's permission matrix."""
    return api.get(path, auth=FirmKey(scope), openapi_extra={"x-required-scope": str(scope)}, **kwargs)


CrdNumber = Path(..., ge=1, le=MAX_ID, description="The person's CRD#.")


# --- Operations -----------------------------------------------------------------------------------


@_get("/people", scope=ApiScope.READ_ROSTER, response={200: PersonPage, **ERRORS_422}, tags=["roster"],
      summary="The firm's roster")
def list_people(request, paging: Query[Paging]):
    """Current people and those terminated in the last two years, by name, paged."""
    return _page(roster(firm=request.auth.firm), paging, _person)


@_get("/people/{crd_number}", scope=ApiScope.READ_ROSTER, response={200: PersonRecordOut, **ERRORS_ALL},
      tags=["roster"], summary="A person's record summary")
def get_person(request, crd_number: int = CrdNumber):
    person = _person_of(request.auth.firm, crd_number)
    return {
        **_person(person),
        "attestation_status_label": AttestationStatus.LABELS[person.attestation_status],
        "last_accessed_at": person.last_access_at,
        "u4_filings": filings_for_firm(firm=request.auth.firm).filter(individual=person).count(),
    }


@_get("/people/{crd_number}/ce", scope=ApiScope.READ_CE, response={200: CeStatusOut, **ERRORS_ALL}, tags=["ce"],
      summary="A person's CE status")
def get_person_ce(request, crd_number: int = CrdNumber):
    person = _person_of(request.auth.firm, crd_number)
    today = timezone.localdate()
    plan = ce_status_for(individual=person, today=today)
    return {
        "crd_number": person.crd_number, "year": today.year, "ce_inactive": person.ce_inactive,
        "regulatory_element": None if plan is None else {
            "status": plan.status, "status_label": plan.status_label, "modules_done": plan.done,
            "modules_total": plan.total},
    }


@_get("/u4-filings", scope=ApiScope.READ_FILINGS, response={200: U4FilingPage, **ERRORS_422}, tags=["filings"],
      summary="The firm's Form U4 filings")
def list_u4_filings(request, filters: Query[U4FilingFilters]):
    filings = filings_for_firm(firm=request.auth.firm)
    if filters.status is not None:
        filings = filings.filter(status=filters.status.value)
    if filters.crd_number is not None:
        filings = filings.filter(individual__crd_number=filters.crd_number)
    return _page(filings, filters, _filing)


@_get("/u4-filings/{filing_id}", scope=ApiScope.READ_FILINGS, response={200: U4FilingOut, **ERRORS_ALL},
      tags=["filings"], summary="One Form U4 filing and its status")
def get_u4_filing(request, filing_id: int = Path(..., ge=1, le=MAX_ID, description="The filing's id.")):
    filing = filings_for_firm(firm=request.auth.firm).filter(pk=filing_id).first()
    if filing is None:
        raise Http404
    return _filing(filing)


@_get("/u5-filings", scope=ApiScope.READ_FILINGS, response={200: U5FilingPage, **ERRORS_422}, tags=["filings"],
      summary="The firm's Form U5 filings and amendments")
def list_u5_filings(request, filters: Query[U5FilingFilters]):
    filings = u5_filings_for_firm(firm=request.auth.firm)
    if filters.kind is not None:
        filings = filings.filter(kind=filters.kind.value)
    if filters.crd_number is not None:
        filings = filings.filter(individual__crd_number=filters.crd_number)
    return _page(filings, filters, _u5_filing)


@_get("/u5-filings/{filing_id}", scope=ApiScope.READ_FILINGS, response={200: U5FilingOut, **ERRORS_ALL},
      tags=["filings"], summary="One Form U5 filing")
def get_u5_filing(request, filing_id: int = Path(..., ge=1, le=MAX_ID, description="The filing's id.")):
    filing = u5_filings_for_firm(firm=request.auth.firm).filter(pk=filing_id).first()
    if filing is None:
        raise Http404
    return _u5_filing(filing)


@_get("/notifications", scope=ApiScope.READ_NOTIFICATIONS, response={200: NotificationPage, **ERRORS_422},
      tags=["notifications"], summary="Notifications sent to the firm's people")
def list_notifications(request, paging: Query[Paging]):
    def convert(n):
        return {"id": n.pk, "kind": n.kind, "channel": n.channel, "address": selectors.masked_address(n.address),
                "status": n.status, "crd_number": n.individual.crd_number if n.individual_id else None,
                "created_at": n.created_at, "sent_at": n.sent_at, "related_date": n.related_date}

    return _page(selectors.notifications_of(firm=request.auth.firm), paging, convert)


@_get("/webhook-endpoints", scope=ApiScope.MANAGE_WEBHOOKS, response={200: list[WebhookEndpointOut], **ERRORS},
      tags=["webhooks"], summary="The firm's webhook endpoints")
def list_webhook_endpoints(request):
    return [{"id": e.pk, "url": e.url, "description": e.description, "events": e.events, "status": e.status,
             "failing_since": e.failing_since, "disabled_at": e.disabled_at}
            for e in selectors.webhook_endpoints_of(firm=request.auth.firm)[:100]]
