"""The completeness check and the sensitive-data warnings of a filing (issue 13, point 3).

`filing_check(filing=...)` reads only the filing (and, for exam requests, the reference
tables), so the firm's pages, `filing_send_for_signature` and `filing_submit` all ask the
same question. Warnings are advisory: they never block a move."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from .choices import EMPLOYMENT_HISTORY_YEARS, RESIDENTIAL_HISTORY_YEARS, DisclosureQuestion, Section
from .sections import SPECS, bind, content_as_data

DEFAULT_MAX_GAP_DAYS = 31


@dataclass(frozen=True)
class Issue:
    section: str
    message: str

    @property
    def section_label(self) -> str:
        return Section(self.section).label


@dataclass
class CheckResult:
    missing: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    complete_sections: set[str] = field(default_factory=set)

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def progress(self) -> int:
        return len(self.complete_sections)


def max_gap_days() -> int:
    return getattr(settings, "U4_HISTORY_MAX_GAP_DAYS", DEFAULT_MAX_GAP_DAYS)


def section_complete(section: str, content: dict | None) -> bool:
    """Does the stored content of one section pass its form? (No cross-section rules.)"""
    if not content:
        return False
    return bind(section, content_as_data(section, content)).is_valid()


def _fmt(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _years_back(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # Feb 29
        return today.replace(year=today.year - years, day=28)


def history_gaps(rows: list[dict], *, start: dt.date, today: dt.date, max_gap: int) -> list[tuple[dt.date, dt.date]]:
    """Periods between `start` and `today` longer than `max_gap` days that no row covers."""
    spans = sorted(
        (dt.date.fromisoformat(r["from_date"]), dt.date.fromisoformat(r["to_date"]) if r.get("to_date") else today)
        for r in rows if r.get("from_date")
    )
    gaps, covered_until = [], start
    for begin, end in spans:
        if (begin - covered_until).days - 1 > max_gap:
            gaps.append((covered_until, begin))
        covered_until = max(covered_until, end)
    if (today - covered_until).days > max_gap:
        gaps.append((covered_until, today))
    return gaps


def _history_issues(section: str, rows: list[dict], years: int, today: dt.date) -> list[Issue]:
    what = "address" if section == Section.RESIDENTIAL_HISTORY else "employment or other activity"
    return [
        Issue(section, f"No {what} from {_fmt(begin)} to {_fmt(end)} ({(end - begin).days} days): "
                       f"cover the last {years} years without gaps longer than {max_gap_days()} days.")
        for begin, end in history_gaps(rows, start=_years_back(today, years), today=today, max_gap=max_gap_days())
    ]


def _disclosure_issues(content: dict) -> list[Issue]:
    issues = []
    drp_questions = {row.get("question") for row in content.get("rows", [])}
    for code, label in DisclosureQuestion.choices:
        answer = content.get(f"q{code}")
        if answer == "yes" and code not in drp_questions:
            issues.append(Issue(Section.DISCLOSURES, f"{label}: answered Yes, so add a Disclosure Reporting Page."))
        if answer == "no" and code in drp_questions:
            issues.append(Issue(Section.DISCLOSURES, f"{label}: answered No, but a Disclosure Reporting Page is "
                                                     "filed for it. Change the answer or remove the page."))
    return issues


def _exam_issues(content: dict) -> list[Issue]:
    from crd.models import Exam, RegistrationCategory

    requested = set(content.get(Section.EXAM_REQUESTS, {}).get("exams", []))
    if not requested:
        return []
    categories = set(content.get(Section.SRO_REGISTRATIONS, {}).get("categories", []))
    categories |= set(content.get(Section.JURISDICTIONS, {}).get("state_categories", []))
    qualifying = set(RegistrationCategory.qualifying_exams.through.objects.filter(
        registrationcategory__code__in=categories).values_list("exam__code", flat=True))
    qualifying |= set(Exam.corequisites.through.objects.filter(
        from_exam__code__in=qualifying).values_list("to_exam__code", flat=True))
    return [
        Issue(Section.EXAM_REQUESTS, f"{code} does not qualify any registration requested in Sections 4 and 5.")
        for code in sorted(requested - qualifying)
    ]


def _retake_issues(filing, content: dict, today: dt.date) -> list[Issue]:
    """Exams the person failed too recently to take again (exams owns the waits)."""
    from crd.models import Exam
    from exams.selectors import first_retake_date

    requested = content.get(Section.EXAM_REQUESTS, {}).get("exams", [])
    if not requested or filing.individual_id is None:
        return []
    issues = []
    for exam in Exam.objects.filter(code__in=requested).order_by("code"):
        first = first_retake_date(individual=filing.individual_id, exam=exam, today=today)
        if first is not None:
            issues.append(Issue(Section.EXAM_REQUESTS, f"{exam.code}: the person failed this exam recently and may "
                                                       f"take it again from {_fmt(first)} (retake wait). "
                                                       "Remove it or file on or after that date."))
    return issues


def filing_check(*, filing, today: dt.date | None = None) -> CheckResult:
    """What is missing (blocking) and what looks sensitive (advisory) in a filing."""
    today = today or timezone.localdate()
    content = filing.content or {}
    result = CheckResult()
    for key in SPECS:
        if section_complete(key, content.get(key)):
            result.complete_sections.add(key)
        else:
            what = "not filled in" if not content.get(key) else "has required items missing or invalid"
            result.missing.append(Issue(key, f"{Section(key).label} {what}."))
    for key, years in ((Section.RESIDENTIAL_HISTORY, RESIDENTIAL_HISTORY_YEARS),
                       (Section.EMPLOYMENT_HISTORY, EMPLOYMENT_HISTORY_YEARS)):
        if key in result.complete_sections:
            issues = _history_issues(key, content[key].get("rows", []), years, today)
            if issues:
                result.complete_sections.discard(key)
                result.missing.extend(issues)
    for key, issues in ((Section.DISCLOSURES, _disclosure_issues(content.get(Section.DISCLOSURES, {}))),
                        (Section.EXAM_REQUESTS, _exam_issues(content) + _retake_issues(filing, content, today))):
        if issues:
            result.complete_sections.discard(key)
            result.missing.extend(issues)
    result.warnings = sensitive_data_warnings(content)
    return result


# --- Sensitive data -------------------------------------------------------------------------

_SSN = re.compile(r"(?<!\d)\d{3}[- ]?\d{2}[- ]?\d{4}(?!\d)")
_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?!\d)")
_DIGIT_RUN = re.compile(r"(?<![\d-])(?:\d[ -]?){8,19}(?![\d])")


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of card numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def text_warnings(text: str) -> list[str]:
    """What in one free-text value looks like an SSN, a birth date, a card or an account number."""
    found = []
    for match in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            found.append("what looks like a card number")
        elif len(digits) == 9 and _SSN.fullmatch(match.group().strip()):
            found.append("what looks like a Social Security number")
        elif re.fullmatch(r"\d{8,}", match.group().strip()):
            found.append("what looks like an account number")
    if _DATE.search(text):
        found.append("a date that may be a date of birth")
    return list(dict.fromkeys(found))


def _label(spec, name: str) -> str:
    for cls in (spec.form, spec.rows):
        if cls is not None and name in cls.base_fields:
            return cls.base_fields[name].label
    return name


def sensitive_data_warnings(content: dict) -> list[Issue]:
    warnings = []
    for key, spec in SPECS.items():
        section = content.get(key) or {}
        values = [(name, section.get(name)) for name in spec.free_text]
        values += [(name, row.get(name)) for row in section.get("rows", []) for name in spec.free_text]
        for name, value in values:
            if not isinstance(value, str) or not value:
                continue
            for what in text_warnings(value):
                warnings.append(Issue(key, f"{_label(spec, name)} contains {what}. "
                                           "Remove it unless the item asks for it."))
    return warnings
