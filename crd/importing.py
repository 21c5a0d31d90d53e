"""Import individuals and their CRD records from a CSV or JSON file (`manage.py import_crd FILE`).

The whole file is validated before anything is written. If any row has a problem the file is
rejected with a report of every problem (row, field, message) and nothing is written; otherwise
every row is written in one transaction. SSNs never appear in the report or the output: at
most the masked last four digits (`***-**-6789`).

Rules for every row
- `crd_number` (required): digits, 1 to 9,999,999; not twice in the file, not already in CRD.
- `first_name`, `last_name` (required), `middle_name`, `prefix` (Mr., Ms., Mrs., Mx., Dr.),
  `suffix` (Jr., Sr., II, III, IV).
- `ssn`: nine digits, dashes/spaces allowed (`123-45-6789`), a valid SSN (no 000, 666 or 9xx
  area, no 00 group, no 0000 serial); not twice in the file, not already in CRD. Leave it blank
  and set `has_no_ssn` to `yes` (`true`, `1`) for a person without a US SSN.
- `date_of_birth` (required): `MM/DD/YYYY` or `YYYY-MM-DD`; not in the future, not over 120 years ago.
  Every other date takes the same two forms.
- Residential address: `address_line1`, `city`, `postal_code` (required), `address_line2`,
  `state` (two-letter code of a state, DC or territory; required when `country` is US),
  `country` (two letters, default `US`). US postal codes are `12345` or `12345-6789`.
- Codes must exist in the reference data: firm CRD# (the firm must already be in CRD),
  registration categories (GS, IR, AG, …), exams (SIE, S7, S63, …), jurisdictions (NY, …).
- Periods: an end date is never before its start date.

CSV (file name ends in .csv): UTF-8, a header row, one row per individual. Row numbers in the
report are spreadsheet line numbers (the header is row 1, the first person row 2). Columns are
the individual fields above plus these optional ones:
- `firm_crd_number`, `association_kind` (`employee` or `contractor`, default employee),
  `association_start_date` (required with a firm), `association_end_date`: one association.
- `registrations`: `CATEGORY:REGULATOR` pairs separated by `;`, e.g. `GS:FINRA;AG:NY;AG:NJ`.
  The regulator is an SRO (FINRA, NYSE, NASDAQ, CBOE, MSRB) or a jurisdiction code; state
  categories (AG, RA) need a jurisdiction, the others an SRO. Through the row's firm, status
  `registration_status` (default approved) as of the association start date.
- `exams`: passed exams as `CODE:DATE` pairs, e.g. `SIE:2019-05-01;S7:06/15/2019`.
Unknown columns reject the file.

JSON (file name ends in .json): a list of individuals, or `{"individuals": [...]}`. Row numbers
are positions in that list (first = 1). Each individual has the fields above and optional lists:
- `associations`: `{firm_crd_number, kind, start_date, end_date}`
- `registrations`: `{category, sro | jurisdiction, firm_crd_number, status, status_date,
  approved_on, terminated_on}`; `firm_crd_number` defaults to the firm of the individual's only
  association, `status` to approved, `status_date` to `approved_on` or that association's start.
- `exams`: `{exam, taken_on, outcome (passed, failed, waived; default passed), score, valid_until}`
- `employment`: `{kind (full_time, part_time, self_employed, military, unemployed, education),
  employer_name (required except when unemployed), position, city, state, country,
  investment_related, start_date, end_date}`
- `residences`: `{address_line1, city, state, postal_code, country, from_date, to_date}`
- `disclosures`: `{kind (criminal, regulatory, civil_judicial, customer_complaint, termination,
  financial, bond, judgment_lien), event_date, summary, status (pending, final, on_appeal,
  resolved, denied, settled; default pending), reported_on}`
Field names in the report point into the row, e.g. `registrations[2].category`.
Choice values may be given as the code or the label shown in FinPro (`Independent contractor`).
Sample files: tests/data/fixtures/.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from . import models as crd
from .choices import (
    SRO,
    AssociationKind,
    DisclosureKind,
    DisclosureStatus,
    EmploymentKind,
    ExamOutcome,
    NamePrefix,
    NameSuffix,
    RegistrationStatus,
)
from .models import CRD_NUMBER_MAX
from .ssn import mask_last4, normalize_ssn

LOOKUP_CHUNK = 500
MAX_FILE_BYTES = 200 * 1024 * 1024  # about 400,000 people with full records; bigger files are split
MAX_JSON_DEPTH = 8  # a list of individuals, their sections, a row, a value: 4 levels; the rest is slack
_SSN_LIKE = re.compile(r"\b(\d{3})[-\s.]?(\d{2})[-\s.]?(\d{4})\b")
_US_ZIP = re.compile(r"^\d{5}(-\d{4})?$")


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str

    def __str__(self):
        return f"row {self.row}: {self.field}: {self.message}"


class ImportRejected(Exception):
    """The file was rejected; nothing was written. `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problem(s) found; nothing was imported.")
        self.errors = errors


@dataclass
class ImportSummary:
    individuals: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def mask_ssns(text: str) -> str:
    """Replace anything shaped like an SSN in `text` by its masked form."""
    return _SSN_LIKE.sub(lambda m: mask_last4(m.group(3)), text)


def _shown(value: Any) -> str:
    text = str(value)
    text = text if len(text) <= 40 else text[:37] + "…"
    return mask_ssns(text)


# ---------------------------------------------------------------------------------------------
# Reading files

@dataclass
class Record:
    row: int
    data: dict
    aliases: dict[str, str] = field(default_factory=dict)  # nested field path -> CSV column


INDIVIDUAL_FIELDS = ["crd_number", "first_name", "middle_name", "last_name", "prefix", "suffix", "ssn",
                     "has_no_ssn", "date_of_birth", "address_line1", "address_line2", "city", "state",
                     "postal_code", "country"]
CSV_EXTRA = ["firm_crd_number", "association_kind", "association_start_date", "association_end_date",
             "registrations", "registration_status", "exams"]
NESTED = ["associations", "registrations", "exams", "employment", "residences", "disclosures"]


def read_records(path: str | Path) -> list[Record]:
    """Records from a .csv or .json file. A file that cannot be read is rejected (row 0)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise ImportRejected([RowError(0, "file", "The file name must end in .csv or .json.")])
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportRejected([RowError(0, "file", f"The file is {size:,} bytes; the limit is "
                                                      f"{MAX_FILE_BYTES:,}. Split it into smaller files.")])
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRejected([RowError(0, "file", f"Cannot read the file as UTF-8 text ({type(exc).__name__}).")]
                             ) from exc
    return _csv_records(text) if suffix == ".csv" else _json_records(text)


def _json_records(text: str) -> list[Record]:
    too_deep = ImportRejected([RowError(0, "file", f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep; "
                                                   "expected a list of individuals and their sections.")])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected([RowError(0, "file", f"Not valid JSON (line {exc.lineno}, column {exc.colno}).")]
                             ) from exc
    except RecursionError:
        raise too_deep from None
    if _depth(data) > MAX_JSON_DEPTH:
        raise too_deep
    if isinstance(data, dict) and set(data) == {"individuals"}:
        data = data["individuals"]
    if not isinstance(data, list):
        raise ImportRejected([RowError(0, "file", 'Expected a list of individuals or {"individuals": [...]}.')])
    records = []
    for n, item in enumerate(data, start=1):
        records.append(Record(row=n, data=item if isinstance(item, dict) else {"__not_an_object__": item}))
    return records


def _depth(data: Any) -> int:
    """How deeply lists and objects nest (iteratively: a hostile file cannot exhaust the stack)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_JSON_DEPTH:
                stack.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict) else value))
    return deepest


def _split_pairs(value: str) -> list[tuple[str, str]]:
    pairs = []
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        code, _, rest = part.partition(":")
        pairs.append((code.strip(), rest.strip()))
    return pairs


def _csv_records(text: str) -> list[Record]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [h.strip() for h in (reader.fieldnames or [])]
    if not headers:
        raise ImportRejected([RowError(0, "file", "The file is empty: expected a header row.")])
    unknown = [h for h in headers if h not in INDIVIDUAL_FIELDS + CSV_EXTRA]
    missing = [h for h in ("crd_number", "first_name", "last_name", "date_of_birth") if h not in headers]
    errors = [RowError(1, h, "Unknown column.") for h in unknown]
    errors += [RowError(1, h, "Required column is missing.") for h in missing]
    if errors:
        raise ImportRejected(errors)
    reader.fieldnames = headers
    records = []
    for line, raw in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            records.append(Record(row=line, data={"__extra_cells__": True}))
            continue
        data = {k: row[k] for k in INDIVIDUAL_FIELDS if k in row and row[k] != ""}
        if row.get("ssn", "") == "" and "has_no_ssn" not in data:
            data["has_no_ssn"] = ""
        aliases = {}
        firm = row.get("firm_crd_number", "")
        if firm or row.get("association_start_date") or row.get("association_kind"):
            assoc = {"firm_crd_number": firm, "kind": row.get("association_kind", "") or "employee",
                     "start_date": row.get("association_start_date", ""),
                     "end_date": row.get("association_end_date", "")}
            data["associations"] = [assoc]
            aliases.update({"associations[1].firm_crd_number": "firm_crd_number",
                            "associations[1].kind": "association_kind",
                            "associations[1].start_date": "association_start_date",
                            "associations[1].end_date": "association_end_date"})
        if row.get("registrations"):
            status = row.get("registration_status", "") or "approved"
            data["registrations"] = []
            for i, (code, regulator) in enumerate(_split_pairs(row["registrations"]), start=1):
                data["registrations"].append({"category": code, "regulator": regulator, "status": status})
                for key in ("category", "regulator", "sro", "jurisdiction", "firm_crd_number", "status_date",
                            "approved_on", "terminated_on"):
                    aliases[f"registrations[{i}].{key}"] = f"registrations (entry {i})"
                aliases[f"registrations[{i}].status"] = "registration_status"
        if row.get("exams"):
            data["exams"] = []
            for i, (code, taken_on) in enumerate(_split_pairs(row["exams"]), start=1):
                data["exams"].append({"exam": code, "taken_on": taken_on})
                for key in ("exam", "taken_on"):
                    aliases[f"exams[{i}].{key}"] = f"exams (entry {i})"
        records.append(Record(row=line, data=data, aliases=aliases))
    return records


# ---------------------------------------------------------------------------------------------
# Parsing values

class _Bad(Exception):
    pass


def parse_date(value: Any) -> dt.date:
    text = str(value).strip()
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise _Bad("Enter a date as MM/DD/YYYY or YYYY-MM-DD.")


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0", ""):
        return False
    raise _Bad("Enter yes or no.")


def parse_int(value: Any, *, low: int, high: int, what: str = "a number") -> int:
    if isinstance(value, bool):
        raise _Bad(f"Enter {what}.")
    text = str(value).strip()
    if not re.fullmatch(r"\d+", text):
        raise _Bad(f"Enter {what}: digits only.")
    number = int(text)
    if not low <= number <= high:
        raise _Bad(f"Must be between {low:,} and {high:,}.")
    return number


def parse_choice(value: Any, choices: type[models.TextChoices]) -> str:
    text = str(value).strip().lower()
    for choice in choices:
        if text in (choice.value.lower(), str(choice.label).lower(), choice.name.lower()):
            return choice.value
    raise _Bad(f"{_shown(value)!r} is not one of: {', '.join(c.value for c in choices)}.")


def parse_text(value: Any, *, max_length: int) -> str:
    if isinstance(value, dict | list):
        raise _Bad("Enter text.")
    text = str(value).strip()
    if len(text) > max_length:
        raise _Bad(f"At most {max_length} characters.")
    return text


@dataclass(frozen=True)
class F:
    """One field of a section: how to parse it and whether it is required."""

    name: str
    kind: str = "text"  # text, date, bool, int, choice, crd, code
    required: bool = False
    max_length: int = 200
    choices: type[models.TextChoices] | None = None
    default: Any = None


SECTIONS: dict[str, list[F]] = {
    "associations": [F("firm_crd_number", "crd", required=True), F("kind", "choice", choices=AssociationKind,
                     default=AssociationKind.EMPLOYEE), F("start_date", "date", required=True), F("end_date", "date")],
    "registrations": [F("category", "code", required=True), F("sro", "code"), F("jurisdiction", "code"),
                      F("regulator", "code"), F("firm_crd_number", "crd"),
                      F("status", "choice", choices=RegistrationStatus, default=RegistrationStatus.APPROVED),
                      F("status_date", "date"), F("approved_on", "date"), F("terminated_on", "date")],
    "exams": [F("exam", "code", required=True), F("taken_on", "date", required=True),
              F("outcome", "choice", choices=ExamOutcome, default=ExamOutcome.PASSED),
              F("score", "int"), F("valid_until", "date")],
    "employment": [F("kind", "choice", required=True, choices=EmploymentKind), F("employer_name", max_length=200),
                   F("position", max_length=120), F("city", max_length=100), F("state", "code"),
                   F("country", max_length=2, default="US"), F("investment_related", "bool", default=False),
                   F("start_date", "date", required=True), F("end_date", "date")],
    "residences": [F("address_line1", required=True, max_length=200), F("city", required=True, max_length=100),
                   F("state", "code"), F("postal_code", required=True, max_length=20),
                   F("country", max_length=2, default="US"), F("from_date", "date", required=True),
                   F("to_date", "date")],
    "disclosures": [F("kind", "choice", required=True, choices=DisclosureKind),
                    F("event_date", "date", required=True), F("summary", required=True, max_length=4000),
                    F("status", "choice", choices=DisclosureStatus, default=DisclosureStatus.PENDING),
                    F("reported_on", "date")],
}
INDIVIDUAL: list[F] = [
    F("crd_number", "crd", required=True), F("first_name", required=True, max_length=80),
    F("middle_name", max_length=80), F("last_name", required=True, max_length=80),
    F("prefix", "choice", choices=NamePrefix, default=""), F("suffix", "choice", choices=NameSuffix, default=""),
    F("has_no_ssn", "bool", default=False), F("date_of_birth", "date", required=True),
    F("address_line1", required=True, max_length=200), F("address_line2", max_length=200),
    F("city", required=True, max_length=100), F("state", "code"), F("postal_code", required=True, max_length=20),
    F("country", max_length=2, default="US"),
]
PERIODS = {"associations": ("start_date", "end_date"), "employment": ("start_date", "end_date"),
           "residences": ("from_date", "to_date"), "exams": ("taken_on", "valid_until"),
           "registrations": ("approved_on", "terminated_on")}


def _parse_value(spec: F, value: Any) -> Any:
    if spec.kind == "date":
        return parse_date(value)
    if spec.kind == "bool":
        return parse_bool(value)
    if spec.kind == "crd":
        return parse_int(value, low=1, high=CRD_NUMBER_MAX, what="a CRD#")
    if spec.kind == "int":
        return parse_int(value, low=0, high=100, what="a score from 0 to 100")
    if spec.kind == "choice":
        return parse_choice(value, spec.choices)
    if spec.kind == "code":
        return parse_text(value, max_length=12).upper()
    return parse_text(value, max_length=spec.max_length)


# ---------------------------------------------------------------------------------------------
# Validation

class _RowContext:
    def __init__(self, record: Record, errors: list[RowError]):
        self.record = record
        self.errors = errors

    def error(self, path: str, message: str) -> None:
        error = RowError(self.record.row, self.record.aliases.get(path, path), message)
        if error not in self.errors[-20:]:  # one CSV cell can feed several entries: say it once
            self.errors.append(error)

    def parse(self, specs: list[F], data: dict, prefix: str = "") -> dict:
        out = {}
        known = {s.name for s in specs}
        for key in data:
            if key not in known:
                self.error(f"{prefix}{key}", "Unknown field.")
        for spec in specs:
            raw = data.get(spec.name)
            if raw is None or (isinstance(raw, str) and raw.strip() == ""):
                if spec.required:
                    self.error(f"{prefix}{spec.name}", "This field is required.")
                elif spec.default is not None:
                    out[spec.name] = spec.default
                elif spec.kind in ("text", "code"):
                    out[spec.name] = ""
                else:
                    out[spec.name] = None
                continue
            try:
                out[spec.name] = _parse_value(spec, raw)
            except _Bad as exc:
                self.error(f"{prefix}{spec.name}", str(exc))
        return out


@dataclass
class _Planned:
    row: int
    individual: crd.Individual
    children: dict[str, list[models.Model]]


class _Reference:
    def __init__(self, firm_numbers: set[int]):
        self.categories = {c.code: c for c in crd.RegistrationCategory.objects.all()}
        self.exams = {e.code: e for e in crd.Exam.objects.all()}
        self.jurisdictions = {j.code: j for j in crd.Jurisdiction.objects.all()}
        self.firms = {}
        numbers = sorted(firm_numbers)
        for i in range(0, len(numbers), LOOKUP_CHUNK):
            for firm in crd.Firm.objects.filter(crd_number__in=numbers[i:i + LOOKUP_CHUNK]):
                self.firms[firm.crd_number] = firm


def _firm_numbers(records: list[Record]) -> set[int]:
    numbers = set()
    for record in records:
        for section in ("associations", "registrations"):
            items = record.data.get(section)
            for item in items if isinstance(items, list) else []:
                value = item.get("firm_crd_number") if isinstance(item, dict) else None
                if value is not None and re.fullmatch(r"\d{1,7}", str(value).strip()):
                    numbers.add(int(str(value).strip()))
    return numbers


def _check_state(ctx: _RowContext, path: str, state: str, country: str, refs: _Reference, *, required: bool):
    if state and state not in refs.jurisdictions:
        ctx.error(path, f"{_shown(state)!r} is not a US state, DC or territory code.")
    elif not state and required and country == "US":
        ctx.error(path, "Required for a US address.")


def _validate_individual(ctx: _RowContext, refs: _Reference, today: dt.date) -> tuple[_Planned | None, str | None]:
    data = ctx.record.data
    if "__not_an_object__" in data:
        ctx.error("row", "Each individual must be an object with named fields.")
        return None, None
    if "__extra_cells__" in data:
        ctx.error("row", "More cells than columns in the header.")
        return None, None
    before = len(ctx.errors)
    top = {k: v for k, v in data.items() if k not in NESTED and k != "ssn"}
    values = ctx.parse(INDIVIDUAL, top)

    digits = None
    ssn_raw = str(data.get("ssn") or "").strip()
    if isinstance(data.get("ssn"), dict | list):
        ctx.error("ssn", "Enter the SSN as text.")
    elif ssn_raw:
        if values.get("has_no_ssn"):
            ctx.error("has_no_ssn", "Leave has_no_ssn empty (or no) when an SSN is given.")
        try:
            digits = normalize_ssn(ssn_raw)
        except ValidationError:
            ctx.error("ssn", "Not a valid US Social Security number: nine digits, area not 000, 666 or 900-999, "
                             "group not 00, serial not 0000.")
    elif "has_no_ssn" in values and not values.get("has_no_ssn"):
        ctx.error("ssn", "Enter the SSN, or set has_no_ssn to yes for a person without a US SSN.")

    dob = values.get("date_of_birth")
    if dob and dob > today:
        ctx.error("date_of_birth", "Date of birth cannot be in the future.")
    elif dob and dob.year < today.year - 120:
        ctx.error("date_of_birth", "Date of birth is more than 120 years ago.")
    country = (values.get("country") or "US").upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        ctx.error("country", "Enter a two-letter country code, e.g. US.")
    values["country"] = country
    _check_state(ctx, "state", values.get("state", ""), country, refs, required=True)
    if country == "US" and values.get("postal_code") and not _US_ZIP.match(values["postal_code"]):
        ctx.error("postal_code", "Enter a US ZIP code: five digits, or ZIP+4 (five digits, a hyphen, four digits).")

    sections = {}
    for section in NESTED:
        items = data.get(section, [])
        if not isinstance(items, list):
            ctx.error(section, "Expected a list.")
            continue
        parsed = []
        for i, item in enumerate(items, start=1):
            prefix = f"{section}[{i}]."
            if not isinstance(item, dict):
                ctx.error(f"{section}[{i}]", "Expected an object with named fields.")
                continue
            parsed.append((prefix, ctx.parse(SECTIONS[section], item, prefix)))
        sections[section] = parsed

    children = _validate_children(ctx, refs, sections, today)
    if len(ctx.errors) > before:
        return None, digits
    values.pop("has_no_ssn", None)
    person = crd.Individual(**values)
    person.set_ssn(digits)
    return _Planned(row=ctx.record.row, individual=person, children=children), digits


def _validate_children(ctx: _RowContext, refs: _Reference, sections: dict, today: dt.date) -> dict:
    children: dict[str, list[models.Model]] = {s: [] for s in NESTED}
    for section, (start_key, end_key) in PERIODS.items():
        for prefix, values in sections.get(section, []):
            start, end = values.get(start_key), values.get(end_key)
            if start and end and end < start:
                ctx.error(f"{prefix}{end_key}", f"Cannot be before {start_key}.")

    associations = sections.get("associations", [])
    for prefix, v in associations:
        firm = refs.firms.get(v.get("firm_crd_number"))
        if v.get("firm_crd_number") and firm is None:
            ctx.error(f"{prefix}firm_crd_number", f"No firm with CRD# {v['firm_crd_number']} in CRD.")
        children["associations"].append(crd.Association(firm=firm, kind=v.get("kind"), start_date=v.get("start_date"),
                                                        end_date=v.get("end_date")))
    current = [a for a in children["associations"] if a.end_date is None]
    current_firms = [a.firm_id for a in current if a.firm_id]
    if len(set(current_firms)) < len(current_firms):
        ctx.error("associations", "Two current associations with the same firm.")

    for prefix, v in sections.get("registrations", []):
        children["registrations"].append(_registration(ctx, refs, prefix, v, children["associations"]))

    for prefix, v in sections.get("exams", []):
        exam = refs.exams.get(v.get("exam"))
        if v.get("exam") and exam is None:
            ctx.error(f"{prefix}exam", f"Unknown exam code {_shown(v['exam'])!r}.")
        if v.get("taken_on") and v["taken_on"] > today:
            ctx.error(f"{prefix}taken_on", "An exam result cannot be in the future.")
        children["exams"].append(crd.ExamResult(exam=exam, taken_on=v.get("taken_on"), outcome=v.get("outcome"),
                                                score=v.get("score"), valid_until=v.get("valid_until")))

    for prefix, v in sections.get("employment", []):
        if v.get("kind") and v["kind"] != EmploymentKind.UNEMPLOYED and not v.get("employer_name"):
            ctx.error(f"{prefix}employer_name", "Required unless the entry is unemployment.")
        _check_state(ctx, f"{prefix}state", v.get("state", ""), v.get("country", "US"), refs, required=False)
        children["employment"].append(crd.EmploymentHistory(**v))

    for prefix, v in sections.get("residences", []):
        _check_state(ctx, f"{prefix}state", v.get("state", ""), v.get("country", "US"), refs, required=True)
        children["residences"].append(crd.ResidenceHistory(**v))

    for _prefix, v in sections.get("disclosures", []):
        children["disclosures"].append(crd.Disclosure(**v))
    return children


def _registration(ctx, refs, prefix, v, associations) -> crd.Registration:
    category = refs.categories.get(v.get("category"))
    if v.get("category") and category is None:
        ctx.error(f"{prefix}category", f"Unknown registration category {_shown(v['category'])!r}.")
    sro, jurisdiction_code = v.get("sro", ""), v.get("jurisdiction", "")
    regulator = v.get("regulator", "")
    if regulator and not (sro or jurisdiction_code):
        sro, jurisdiction_code = (regulator, "") if regulator in SRO.values else ("", regulator)
    jurisdiction = None
    if sro and jurisdiction_code:
        ctx.error(f"{prefix}sro", "Give an SRO or a jurisdiction, not both.")
    elif sro and sro not in SRO.values:
        ctx.error(f"{prefix}sro", f"{_shown(sro)!r} is not one of: {', '.join(SRO.values)}.")
    elif jurisdiction_code:
        jurisdiction = refs.jurisdictions.get(jurisdiction_code)
        if jurisdiction is None:
            ctx.error(f"{prefix}jurisdiction", f"Unknown jurisdiction {_shown(jurisdiction_code)!r}.")
    elif not sro:
        ctx.error(f"{prefix}regulator", "Give the SRO (e.g. FINRA) or the jurisdiction (e.g. NY).")
    if category and category.is_state and sro:
        ctx.error(f"{prefix}regulator", f"{category.code} is a state registration: give a jurisdiction.")
    if category and not category.is_state and jurisdiction:
        ctx.error(f"{prefix}regulator", f"{category.code} is an SRO registration: give an SRO such as FINRA.")

    firm, association = None, None
    if v.get("firm_crd_number"):
        firm = refs.firms.get(v["firm_crd_number"])
        if firm is None:
            ctx.error(f"{prefix}firm_crd_number", f"No firm with CRD# {v['firm_crd_number']} in CRD.")
        association = next((a for a in associations if firm and a.firm_id == firm.pk), None)
    elif len(associations) == 1:
        association = associations[0]
        firm = association.firm if association.firm_id else None
    else:
        ctx.error(f"{prefix}firm_crd_number", "Required: the CRD# of the firm the registration is through.")

    status = v.get("status")
    status_date = v.get("status_date") or v.get("approved_on") or (association.start_date if association else None)
    start_missing = association is not None and association.start_date is None  # reported on the association
    if status_date is None and firm is not None and not start_missing:
        ctx.error(f"{prefix}status_date", "Required (or an association start date with that firm).")
    approved_on = v.get("approved_on")
    if approved_on is None and status in (RegistrationStatus.APPROVED, RegistrationStatus.CE_INACTIVE):
        approved_on = status_date
    terminated_on = v.get("terminated_on")
    if status == RegistrationStatus.TERMINATED and terminated_on is None:
        terminated_on = status_date
    if approved_on and terminated_on and terminated_on < approved_on:
        ctx.error(f"{prefix}terminated_on", "Cannot be before approved_on.")
    return crd.Registration(firm=firm, category=category, sro=sro if not jurisdiction else "",
                            jurisdiction=jurisdiction, status=status, status_date=status_date,
                            approved_on=approved_on, terminated_on=terminated_on)


def _existing(field_name: str, values: list) -> dict:
    found = {}
    for i in range(0, len(values), LOOKUP_CHUNK):
        rows = crd.Individual.objects.filter(**{f"{field_name}__in": values[i:i + LOOKUP_CHUNK]})
        for value, crd_number in rows.values_list(field_name, "crd_number"):
            found[value] = crd_number
    return found


def validate_records(records: list[Record], *, today: dt.date | None = None) -> tuple[list[_Planned], list[RowError]]:
    """Parse and check every record (a fixed number of queries, whatever the file size)."""
    today = today or timezone.localdate()
    refs = _Reference(_firm_numbers(records))
    errors: list[RowError] = []
    planned: list[_Planned] = []
    seen_crd: dict[int, int] = {}
    seen_ssn: dict[str, int] = {}
    if not records:
        return [], [RowError(0, "file", "The file has no individuals.")]
    for record in records:
        ctx = _RowContext(record, errors)
        plan, digits = _validate_individual(ctx, refs, today)
        crd_value = str(record.data.get("crd_number", "")).strip()
        crd_number = int(crd_value) if crd_value.isdigit() else None
        if crd_number is not None:
            if crd_number in seen_crd:
                ctx.error("crd_number", f"CRD# {crd_number} is also in row {seen_crd[crd_number]}.")
            else:
                seen_crd[crd_number] = record.row
        if digits:
            if digits in seen_ssn:
                ctx.error("ssn", f"The same SSN ({mask_last4(digits[-4:])}) is also in row {seen_ssn[digits]}.")
            else:
                seen_ssn[digits] = record.row
        if plan is not None:
            planned.append(plan)

    for crd_number in _existing("crd_number", sorted(seen_crd)):
        errors.append(RowError(seen_crd[crd_number], "crd_number", f"CRD# {crd_number} is already in CRD."))
    from finpro.encryption import blind_index

    index_rows = {blind_index(d): (d, r) for d, r in seen_ssn.items()}
    for index, crd_number in _existing("ssn_index", sorted(index_rows)).items():
        digits, row = index_rows[index]
        errors.append(RowError(row, "ssn", f"An individual with this SSN ({mask_last4(digits[-4:])}) is already "
                                           f"in CRD (CRD# {crd_number})."))
    errors.sort(key=lambda e: e.row)
    return planned, errors


# ---------------------------------------------------------------------------------------------
# Writing

def individuals_import(*, records: list[Record], source: str = "import", dry_run: bool = False) -> ImportSummary:
    """Validate every record, then write all of them in one transaction, or raise
    ImportRejected with every problem and write nothing."""
    planned, errors = validate_records(records)
    if errors:
        raise ImportRejected(errors)
    summary = ImportSummary(individuals=len(planned), counts=dict.fromkeys(NESTED, 0))
    for plan in planned:
        for section, objs in plan.children.items():
            summary.counts[section] += len(objs)
    if dry_run:
        return summary
    reason = f"Imported from {source}"[:100]
    with transaction.atomic():
        people = [p.individual for p in planned]
        bulk_create_with_history(people, crd.Individual, batch_size=1000, default_change_reason=reason)
        if people and people[0].pk is None:  # back ends that return no ids from bulk inserts
            ids = dict(crd.Individual.objects.filter(crd_number__in=[p.crd_number for p in people])
                       .values_list("crd_number", "pk"))
            for person in people:
                person.pk = ids[person.crd_number]
        models_by_section = {"associations": crd.Association, "registrations": crd.Registration,
                             "exams": crd.ExamResult, "employment": crd.EmploymentHistory,
                             "residences": crd.ResidenceHistory, "disclosures": crd.Disclosure}
        for section, model in models_by_section.items():
            objs = []
            for plan in planned:
                for obj in plan.children[section]:
                    obj.individual = plan.individual
                    objs.append(obj)
            if objs:
                bulk_create_with_history(objs, model, batch_size=1000, default_change_reason=reason)
    return summary


def import_file(*, path: str | Path, dry_run: bool = False) -> ImportSummary:
    records = read_records(path)
    return individuals_import(records=records, source=Path(path).name, dry_run=dry_run)
