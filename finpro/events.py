"""Domain events a firm may subscribe to, published by the app where they happen.

An app calls `publish(firm_id=…, event=FirmEvent.U4_SIGNED, data={…})` inside the transaction
that made the change; receivers (the API's webhooks) are told only after that transaction
commits, so a rolled-back change is never announced. `data` must be JSON-serialisable and carry
identifiers and statuses, never an SSN, a date of birth or other personal detail beyond the
person's CRD# and name.

The kernel knows no app: receivers connect to `firm_event` (a Django signal).
"""

from __future__ import annotations

import enum

from django.db import transaction
from django.dispatch import Signal

# Sent with sender=None and keyword arguments firm_id (int, the firm's primary key),
# event (a FirmEvent value) and data (dict).
firm_event = Signal()


class FirmEvent(enum.StrEnum):
    """The catalogue of events, as webhook subscribers see their `type`."""

    ATTESTATION_RECORDED = "attestation.recorded"
    U4_SIGNED = "u4.signed"
    U4_SUBMITTED = "u4.submitted"
    U5_FILED = "u5.filed"
    CE_STATUS_CHANGED = "ce.status_changed"
    EXAM_SCHEDULED = "exam.scheduled"
    EXAM_RESULT_RECORDED = "exam.result_recorded"
    PROGRAM_ENROLLED = "program.enrolled"


def publish(*, firm_id: int, event: FirmEvent, data: dict) -> None:
    """Announce `event` for the firm once the current transaction commits."""
    event = FirmEvent(event)
    payload = dict(data)
    transaction.on_commit(lambda: firm_event.send(sender=None, firm_id=firm_id, event=event, data=payload))
