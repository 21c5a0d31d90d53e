"""Exam results from a CSV file (`manage.py import_exam_results FILE`), all or nothing.

Columns (header row required, names case-insensitive):
- `crd_number`: the person's CRD#
- `exam`: the exam code (SIE, S7, S63, …)
- `taken_on`: YYYY-MM-DD or MM/DD/YYYY
- `outcome`: passed or failed
- `score`: optional, 0–100

Each row goes to the person's Open or Scheduled (or Expired) window for that exam, through
`services.result_record`. Every row is checked first; any problem rejects the whole file with a
report of every row's problems, and a failure while writing rolls everything back."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crd.models import Exam, Individual

from . import services
from .choices import ACTIVE_WINDOW_STATUSES, WindowStatus
from .models import ExamWindow

COLUMNS = ["crd_number", "exam", "taken_on", "outcome", "score"]
REQUIRED = ["crd_number", "exam", "taken_on", "outcome"]


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportSummary:
    passed: int = 0
    failed: int = 0
    rows: list[str] = field(default_factory=list)


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


def _date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def _parse(rows: list[dict], errors: list[RowError]) -> list[tuple[int, ExamWindow, dict]]:
    exams = {e.code.upper(): e for e in Exam.objects.all()}
    numbers = {int(r.get("crd_number", "").strip()) for r in rows if r.get("crd_number", "").strip().isdigit()}
    people = {p.crd_number: p for p in Individual.objects.filter(crd_number__in=numbers)}
    windows = {}
    for w in (ExamWindow.objects.filter(individual__in=people.values(),
                                        status__in=[*ACTIVE_WINDOW_STATUSES, WindowStatus.EXPIRED])
              .select_related("exam", "individual").order_by("opened_on")):
        windows[(w.individual.crd_number, w.exam.code)] = w
    parsed, seen = [], set()
    today = timezone.localdate()
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        def error(name, message, number=number):
            errors.append(RowError(number, name, message))

        for name in REQUIRED:
            if not (row.get(name) or "").strip():
                error(name, "Required.")
        crd_text, code = (row.get("crd_number") or "").strip(), (row.get("exam") or "").strip().upper()
        person = people.get(int(crd_text)) if crd_text.isdigit() else None
        if crd_text and person is None:
            error("crd_number", f"No person in CRD has CRD# {crd_text}.")
        exam = exams.get(code)
        if code and exam is None:
            error("exam", f"Unknown exam code {code!r}.")
        taken_on = _date(row.get("taken_on") or "")
        if (row.get("taken_on") or "").strip() and taken_on is None:
            error("taken_on", "Not a date: use YYYY-MM-DD or MM/DD/YYYY.")
        elif taken_on and taken_on > today:
            error("taken_on", "An exam result cannot be in the future.")
        outcome = (row.get("outcome") or "").strip().lower()
        if outcome and outcome not in ("passed", "failed"):
            error("outcome", "Use passed or failed.")
        score_text = (row.get("score") or "").strip()
        score = int(score_text) if score_text.isdigit() and int(score_text) <= 100 else None
        if score_text and score is None:
            error("score", "A whole number from 0 to 100.")
        window = windows.get((person.crd_number, exam.code)) if person and exam else None
        if person and exam and window is None:
            error("exam", f"CRD# {person.crd_number} has no open, scheduled or expired {exam.code} window.")
        elif window is not None and (window.pk in seen):
            error("exam", f"Another row already records the {exam.code} result of CRD# {person.crd_number}.")
        elif window is not None and taken_on and taken_on < window.opened_on:
            error("taken_on", f"Before the window opened ({window.opened_on:%m/%d/%Y}).")
        if window is not None:
            seen.add(window.pk)
            parsed.append((number, window, {"taken_on": taken_on, "outcome": outcome, "score": score}))
    return parsed


def import_results(*, path: str, dry_run: bool = False) -> ImportSummary:
    """Check every row, then record every result in one transaction (or nothing)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None:
            raise ImportRejected([RowError(1, "header", "The file is empty.")])
        reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames]
        missing = [c for c in REQUIRED if c not in reader.fieldnames]
        if missing:
            raise ImportRejected([RowError(1, "header", f"Missing column(s): {', '.join(missing)}.")])
        rows = list(reader)
    errors: list[RowError] = []
    parsed = _parse(rows, errors)
    if errors:
        raise ImportRejected(errors)
    summary = ImportSummary()
    with transaction.atomic():
        for number, window, values in parsed:
            try:
                services.result_record(window=window, **values)
            except ValidationError as exc:
                errors.append(RowError(number, "row", " ".join(exc.messages)))
                continue
            if values["outcome"] == "passed":
                summary.passed += 1
            else:
                summary.failed += 1
            summary.rows.append(f"row {number}: CRD# {window.individual.crd_number} {window.exam.code} "
                                f"{values['outcome']}")
        if errors:
            transaction.set_rollback(True)
            raise ImportRejected(errors)
        if dry_run:
            transaction.set_rollback(True)
    return summary
