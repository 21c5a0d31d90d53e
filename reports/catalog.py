"""The report templates: for each, its title, default columns, the filters it takes, and its rows.

Each template's rows come from ONE query (`.values_list(...)` with annotations, read through a
server-side cursor in chunks) and are turned into cells with dict lookups and plain formatting,
so a run's query count does not depend on the number of rows and its memory stays flat.
Cells are returned as Python values (str, int, date, datetime in Eastern time); the writers
neutralise text that could start a spreadsheet formula."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db.models import CharField, Count, DateTimeField, Exists, Func, Max, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from crd.choices import AssociationKind, AttestationAnswer

from .choices import TemplateKey

CHUNK_SIZE = 5000
KIND_LABELS = {AssociationKind.EMPLOYEE.value: "Employee", AssociationKind.INDEPENDENT_CONTRACTOR.value: "Contractor"}
EASTERN = ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Filters:
    """A run's filters, already validated by forms.ReportFilterForm."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    association_type: str = ""
    status: str = ""

    def moment_range(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The date range as [start of date_from, start of the day after date_to) in Eastern time."""
        start = dt.datetime.combine(self.date_from, dt.time(), EASTERN) if self.date_from else None
        end = (dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time(), EASTERN)
               if self.date_to else None)
        return start, end


@dataclass(frozen=True)
class ReportTemplate:
    key: str
    title: str
    description: str
    columns: list[str]
    status_choices: list[tuple[str, str]]
    date_label: str | None  # what the date range filters; None: the template takes no date range
    needs_app: str  # the app whose data the template reads; "coming" while it is not installed
    query: Callable[..., object] = field(repr=False)  # (firm, filters) -> QuerySet of values_list tuples
    to_cells: Callable[[tuple], list] = field(repr=False)
    counter: Callable[..., int] | None = field(default=None, repr=False)  # a cheaper count than query's

    @property
    def available(self) -> bool:
        return apps.is_installed(self.needs_app)

    def rows(self, *, firm, filters: Filters) -> Iterator[list]:
        to_cells = self.to_cells
        for values in self.query(firm=firm, filters=filters).iterator(chunk_size=CHUNK_SIZE):
            yield to_cells(values)

    def count(self, *, firm, filters: Filters) -> int:
        if self.counter is not None:
            return self.counter(firm=firm, filters=filters)
        return self.query(firm=firm, filters=filters).count()


def local(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored time as a naive Eastern date and time (what a spreadsheet shows). A naive value is
    one the database already turned into Eastern time (EasternTime)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(EASTERN).replace(tzinfo=None, microsecond=0)


class EasternTime(Func):
    """A timestamp as naive Eastern wall-clock time to the second, computed by PostgreSQL: reading
    `timestamp` values is several times cheaper than `timestamptz` ones (Django's aware loader is
    pure Python), which is most of a 100,000-row report's time. Elsewhere (SQLite) the column as is,
    and `local()` converts it."""

    output_field = DateTimeField()

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date_trunc('second', timezone(%s, {sql}))", [settings.TIME_ZONE, *params]


def _between(queryset, name: str, filters: Filters):
    start, end = filters.moment_range()
    if start:
        queryset = queryset.filter(**{f"{name}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{name}__lt": end})
    return queryset


# --- FinPro Access Tracking ------------------------------------------------------------------------

ACCESS_STATUS = [("certified", "My record is correct"), ("needs_update", "My record needs to be updated"),
                 ("not_attested", "Not yet attested")]
ANSWER_LABELS = {AttestationAnswer.CORRECT.value: "My record is correct",
                 AttestationAnswer.NEEDS_UPDATE.value: "My record needs to be updated", None: "Not yet attested"}


def _access_query(*, firm, filters: Filters):
    """One row per current association with the firm of a person who has a FinPro account (a person
    is with a firm once at a time, so in practice one row per person). Driven from the association
    table (the firm's index) and LEFT JOINed to the person's attestations for this firm, grouped:
    the database aggregates in one pass instead of a subquery per row. The latest attestation is
    the greatest "time|answer" string (ISO times sort as text)."""
    from crd.models import Association

    today = timezone.localdate()
    for_firm = Q(individual__attestations__firm=firm)
    stamped = Concat(Cast("individual__attestations__attested_at", CharField()), Value("|"),
                     "individual__attestations__answer", output_field=CharField())
    rows = (
        Association.objects.filter(firm=firm, individual__account__isnull=False)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    )
    if filters.association_type:
        rows = rows.filter(kind=filters.association_type)
    rows = _between(rows, "individual__account__last_access_at", filters)
    rows = rows.values(*ACCESS_FIELDS).annotate(
        created=EasternTime("individual__account__date_joined"),
        accessed=EasternTime("individual__account__last_access_at"),
        latest=Max(stamped, filter=for_firm),
        attested_at=EasternTime(Max("individual__attestations__attested_at", filter=for_firm)),
        attestation_count=Count("individual__attestations", filter=for_firm),
    )
    if filters.status == "not_attested":
        rows = rows.filter(attestation_count=0)
    elif filters.status:
        answer = {"certified": AttestationAnswer.CORRECT, "needs_update": AttestationAnswer.NEEDS_UPDATE}
        rows = rows.filter(latest__endswith=f"|{answer[filters.status]}")
    return rows.order_by("individual__last_name", "individual__first_name", "individual__crd_number", "id").values_list(
        *ACCESS_COLUMNS, "latest", "attested_at", "attestation_count")


def _access_count(*, firm, filters: Filters) -> int:
    """The rows to expect, for the progress bar: the current associations without the attestation
    join (with a status filter, an upper bound; the run's end sets the true count)."""
    from crd.models import Association

    today = timezone.localdate()
    rows = Association.objects.filter(firm=firm, individual__account__isnull=False).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today))
    if filters.association_type:
        rows = rows.filter(kind=filters.association_type)
    return _between(rows, "individual__account__last_access_at", filters).count()


ACCESS_FIELDS = ("id", "individual__crd_number", "individual__last_name", "individual__first_name", "kind",
                 "individual__account__date_joined", "individual__account__last_access_at")
ACCESS_COLUMNS = ("individual__crd_number", "individual__last_name", "individual__first_name", "kind", "created",
                  "accessed")


def _access_cells(v) -> list:
    answer = v[6].rpartition("|")[2] if v[6] else None
    return [v[0], v[1], v[2], KIND_LABELS.get(v[3], ""), local(v[4]), local(v[5]), ANSWER_LABELS.get(answer, ""),
            local(v[7]), v[8]]


# --- E-Signature Tracking ---------------------------------------------------------------------------

def _signing_actions():
    from u4.choices import EventAction

    return [EventAction.SENT_FOR_SIGNATURE, EventAction.OPENED, EventAction.SIGNED,
            EventAction.WET_SIGNATURE_RECORDED, EventAction.SIGNATURE_VOIDED, EventAction.STOPPED,
            EventAction.SUBMITTED]


def _esignature_status():
    from u4.choices import FilingStatus

    return list(FilingStatus.choices)


def _esignature_query(*, firm, filters: Filters):
    from u4.models import FilingEvent

    events = FilingEvent.objects.filter(filing__firm=firm, action__in=_signing_actions())
    if filters.association_type:
        events = events.filter(filing__association_kind=filters.association_type)
    if filters.status:
        events = events.filter(filing__status=filters.status)
    events = _between(events, "at", filters)
    return events.order_by("filing_id", "at", "id").values_list(
        "filing_id", "filing__kind", "filing__status", "filing__individual__crd_number",
        "filing__individual__last_name", "filing__individual__first_name", "action",
        "actor__first_name", "actor__last_name", "actor__username", "at", "ip_address")


def _esignature_cells_factory():
    from u4.choices import EventAction, FilingKind, FilingStatus

    kinds, statuses, actions = dict(FilingKind.choices), dict(FilingStatus.choices), dict(EventAction.choices)

    def cells(v) -> list:
        who = f"{v[7]} {v[8]}".strip() or (v[9] or "")
        return [v[0], kinds.get(v[1], v[1]), statuses.get(v[2], v[2]), v[3], v[4] or "", v[5] or "",
                actions.get(v[6], v[6]), who, local(v[10]), v[11] or ""]

    return cells


# --- Notifications Tracking ------------------------------------------------------------------------

def mask_address(address: str) -> str:
    """An email as j***@mail.example, a phone number as ***-***-1234."""
    if "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    digits = [c for c in address if c.isdigit()]
    return "***-***-" + "".join(digits[-4:]) if digits else ""


def _notification_status():
    from notifications.choices import NotificationStatus

    return list(NotificationStatus.choices)


def _notifications_query(*, firm, filters: Filters):
    from crd.models import Association
    from notifications.models import Notification

    of_firm = Association.objects.filter(individual=OuterRef("individual_id"), firm=firm)
    if filters.association_type:
        messages = Notification.objects.filter(Exists(of_firm.filter(kind=filters.association_type)))
    else:
        messages = Notification.objects.filter(Q(firm=firm) | Exists(of_firm))
    if filters.status:
        messages = messages.filter(status=filters.status)
    messages = _between(messages, "created_at", filters)
    return messages.order_by("-created_at", "-id").values_list(
        "kind", "individual__crd_number", "individual__last_name", "individual__first_name", "address", "channel",
        "created_at", "sent_at", "status", "related_date")


def _notifications_cells_factory():
    from notifications.choices import Channel, NotificationStatus

    channels, statuses = dict(Channel.choices), dict(NotificationStatus.choices)
    kind_labels: dict[str, str] = {}

    def cells(v) -> list:
        kind = kind_labels.get(v[0])
        if kind is None:
            kind = kind_labels[v[0]] = v[0].replace("_", " ").capitalize()
        recipient = f"{v[3]} {v[2]}" if v[2] else ""
        return [kind, recipient, v[1], mask_address(v[4]), channels.get(v[5], v[5]), local(v[6]), local(v[7]),
                statuses.get(v[8], v[8]), v[9]]

    return cells


# --- CE Status ---------------------------------------------------------------------------------------

def _ce_status():
    from ce.choices import PlanStatus

    return [*PlanStatus.choices, ("none", "No plan")]


def _ce_query(*, firm, filters: Filters):
    from ce.selectors import firm_ce_roster

    today = timezone.localdate()
    return firm_ce_roster(firm=firm, year=today.year, status=filters.status, kind=filters.association_type,
                          today=today).values_list(
        "individual__crd_number", "individual__last_name", "individual__first_name", "kind", "plan_status",
        "modules_done", "modules_total", "inactive_since", "iar_credits")


def _ce_cells_factory():
    from ce.choices import PlanStatus

    labels = {**dict(PlanStatus.choices), "": "No plan"}

    def cells(v) -> list:
        return [v[0], v[1], v[2], KIND_LABELS.get(v[3], ""), labels.get(v[4], v[4]), v[5], v[6], v[7] or "",
                v[8] if v[8] is not None else ""]

    return cells


class _Lazy:
    """A cells function built on first use (the apps it reads are loaded by then)."""

    def __init__(self, factory):
        self.factory, self.built = factory, None

    def __call__(self, values):
        if self.built is None:
            self.built = self.factory()
        return self.built(values)


def _templates() -> dict[str, ReportTemplate]:
    return {t.key: t for t in [
        ReportTemplate(
            key=TemplateKey.ACCESS_TRACKING, title=TemplateKey.ACCESS_TRACKING.label,
            description="People with a FinPro account: when it was created, last accessed, and their attestations.",
            columns=["CRD#", "Last Name", "First Name", "Association Type", "Account Created", "Last Accessed",
                     "Latest Attestation", "Latest Attestation Date", "Attestations on Record"],
            status_choices=ACCESS_STATUS, date_label="Last accessed", needs_app="crd",
            query=_access_query, to_cells=_access_cells, counter=_access_count),
        ReportTemplate(
            key=TemplateKey.ESIGNATURE_TRACKING, title=TemplateKey.ESIGNATURE_TRACKING.label,
            description="Each Form U4 signing workflow and its audit trail: sent, opened, signed or stopped, "
                        "by whom, when and from which IP address.",
            columns=["Filing #", "Filing Kind", "Filing Status", "CRD#", "Last Name", "First Name", "Event",
                     "By Whom", "When", "IP Address"],
            status_choices=[], date_label="Event date", needs_app="u4",
            query=_esignature_query, to_cells=_Lazy(_esignature_cells_factory)),
        ReportTemplate(
            key=TemplateKey.NOTIFICATIONS_TRACKING, title=TemplateKey.NOTIFICATIONS_TRACKING.label,
            description="Every email and text FinPro sent to the firm's people: kind, recipient, masked address, "
                        "channel, sent at, delivery status and the due date it was about.",
            columns=["Kind", "Recipient", "CRD#", "Address", "Channel", "Created", "Sent At", "Delivery Status",
                     "Related Due Date"],
            status_choices=[], date_label="Created", needs_app="notifications",
            query=_notifications_query, to_cells=_Lazy(_notifications_cells_factory)),
        ReportTemplate(
            key=TemplateKey.CE_STATUS, title=TemplateKey.CE_STATUS.label,
            description="Each current person's Regulatory Element status this CE year and IAR CE credits.",
            columns=["CRD#", "Last Name", "First Name", "Association Type", "Regulatory Element Status",
                     "Modules Completed", "Modules Total", "CE Inactive Since", "IAR CE Credits"],
            status_choices=[], date_label=None, needs_app="ce",
            query=_ce_query, to_cells=_Lazy(_ce_cells_factory)),
    ]}


_CACHE: dict[str, ReportTemplate] = {}


def templates() -> dict[str, ReportTemplate]:
    """Every report template by key, in the order the reports page lists them."""
    if not _CACHE:
        _CACHE.update(_templates())
    return _CACHE


def status_choices(template: ReportTemplate) -> list[tuple[str, str]]:
    if template.status_choices:
        return template.status_choices
    return {TemplateKey.ESIGNATURE_TRACKING: _esignature_status, TemplateKey.NOTIFICATIONS_TRACKING:
            _notification_status, TemplateKey.CE_STATUS: _ce_status}[template.key]()


def get(key: str) -> ReportTemplate | None:
    return templates().get(key)
