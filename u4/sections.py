"""The 15 sections of Form U4 as Django forms: the schema of `Filing.content` (version
choices.SCHEMA_VERSION). A section is a form, a formset of rows, or both (section 14: the
questions and their Disclosure Reporting Pages). Labels are the form's own item names.

`bind(section, data)` validates input; `to_content` turns valid forms into the JSON stored;
`initial_for` and `content_as_data` turn stored JSON back into a form's initial values or
into bound data (the completeness check re-validates stored content this way)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from localflavor.us.us_states import STATE_CHOICES

from crd.choices import EmploymentKind

from .choices import Designation, DisclosureQuestion, FingerprintStatus, Section

YES_NO = [("yes", "Yes"), ("no", "No")]
STATES = [("", "—"), *STATE_CHOICES]


def _yes_no(label):
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect)


class GeneralForm(forms.Form):
    first_name = forms.CharField(label="First Name", max_length=80)
    middle_name = forms.CharField(label="Middle Name", max_length=80, required=False)
    last_name = forms.CharField(label="Last Name", max_length=80)
    suffix = forms.CharField(label="Suffix", max_length=8, required=False)
    employment_date = forms.DateField(label="Firm Employment Date", widget=forms.DateInput(attrs={"type": "date"}))
    independent_contractor = _yes_no("Independent Contractor")
    office_address_line1 = forms.CharField(label="Office of Employment Address", max_length=200)
    office_city = forms.CharField(label="Office City", max_length=100)
    office_state = forms.ChoiceField(label="Office State", choices=STATES)
    office_postal_code = forms.RegexField(label="Office Postal Code", regex=r"^\d{5}(-\d{4})?$",
                                          error_messages={"invalid": "Enter a ZIP code like 10118 or 10118-0110."})


class FingerprintForm(forms.Form):
    fingerprint_status = forms.ChoiceField(label="Fingerprint Information", choices=FingerprintStatus.choices,
                                           widget=forms.RadioSelect)


class _FirmListForm(forms.Form):
    answer = _yes_no("")
    firm_names = forms.CharField(label="Firm Names and CRD#s", widget=forms.Textarea(attrs={"rows": 3}),
                                 required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("answer") == "yes" and not data.get("firm_names", "").strip():
            self.add_error("firm_names", "Name the firms, with their CRD#s.")
        return data


class UnaffiliatedFirmsForm(_FirmListForm):
    answer = _yes_no("Are you registering with an unaffiliated firm at the same time?")


class AffiliatedFirmsForm(_FirmListForm):
    answer = _yes_no("Do you request registration with affiliated firms?")


def _category_choices(*, state: bool):
    from crd.models import RegistrationCategory

    return [(c.code, f"{c.code} {c.name}") for c in RegistrationCategory.objects.filter(is_state=state)]


class SroRegistrationsForm(forms.Form):
    categories = forms.MultipleChoiceField(label="SRO Registration Categories", required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = _category_choices(state=False)


class JurisdictionsForm(forms.Form):
    jurisdictions = forms.MultipleChoiceField(label="Jurisdictions", required=False,
                                              widget=forms.SelectMultiple(attrs={"size": 8}))
    state_categories = forms.MultipleChoiceField(label="Jurisdiction Registration Categories", required=False,
                                                 widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        from crd.models import Jurisdiction

        super().__init__(*args, **kwargs)
        self.fields["jurisdictions"].choices = [(j.code, j.name) for j in Jurisdiction.objects.all()]
        self.fields["state_categories"].choices = _category_choices(state=True)

    def clean(self):
        data = super().clean()
        if bool(data.get("jurisdictions")) != bool(data.get("state_categories")):
            self.add_error("state_categories", "Choose both the jurisdictions and the categories, or neither.")
        return data


class ExamRequestsForm(forms.Form):
    exams = forms.MultipleChoiceField(label="Examination Requests", required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        from crd.models import Exam

        super().__init__(*args, **kwargs)
        self.fields["exams"].choices = [(e.code, e.name) for e in Exam.objects.all()]


class DesignationsForm(forms.Form):
    designations = forms.MultipleChoiceField(label="Professional Designations", choices=Designation.choices,
                                             required=False, widget=forms.CheckboxSelectMultiple)


class IdentifyingForm(forms.Form):
    date_of_birth = forms.DateField(label="Date of Birth", widget=forms.DateInput(attrs={"type": "date"}))
    state_of_birth = forms.ChoiceField(label="State of Birth", choices=STATES, required=False)
    country_of_birth = forms.CharField(label="Country of Birth", max_length=60)
    sex = forms.ChoiceField(label="Sex", choices=[("F", "Female"), ("M", "Male"), ("X", "Unspecified")])
    height_ft = forms.IntegerField(label="Height (ft)", min_value=3, max_value=8)
    height_in = forms.IntegerField(label="Height (in)", min_value=0, max_value=11)
    weight = forms.IntegerField(label="Weight (lbs)", min_value=50, max_value=700)
    hair_color = forms.CharField(label="Hair Color", max_length=20)
    eye_color = forms.CharField(label="Eye Color", max_length=20)

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if value > today or value.year < today.year - 120:
            raise ValidationError("Enter a real date of birth.")
        return value


class OtherNameForm(forms.Form):
    other_name = forms.CharField(label="Other Name", max_length=200)


class ResidenceForm(forms.Form):
    from_date = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    to_date = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                              help_text="Leave empty for your current address.")
    address_line1 = forms.CharField(label="Street Address", max_length=200)
    city = forms.CharField(label="City", max_length=100)
    state = forms.ChoiceField(label="State", choices=STATES, required=False)
    postal_code = forms.CharField(label="Postal Code", max_length=20)
    country = forms.CharField(label="Country", max_length=2, initial="US")

    def clean(self):
        data = super().clean()
        if data.get("from_date") and data.get("to_date") and data["to_date"] < data["from_date"]:
            self.add_error("to_date", "The end date comes before the start date.")
        return data


class EmploymentForm(forms.Form):
    from_date = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    to_date = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                              help_text="Leave empty for your present position.")
    # A blank first choice, so an empty extra entry stays empty (and is skipped) on save.
    kind = forms.ChoiceField(label="Type", choices=[("", "—"), *EmploymentKind.choices])
    employer_name = forms.CharField(label="Name of Firm or Company", max_length=200, required=False)
    position = forms.CharField(label="Position Held", max_length=120, required=False)
    city = forms.CharField(label="City", max_length=100, required=False)
    state = forms.ChoiceField(label="State", choices=STATES, required=False)
    investment_related = forms.BooleanField(label="Investment-related", required=False)

    def clean(self):
        data = super().clean()
        if data.get("from_date") and data.get("to_date") and data["to_date"] < data["from_date"]:
            self.add_error("to_date", "The end date comes before the start date.")
        if data.get("kind") and data["kind"] != "unemployed" and not data.get("employer_name", "").strip():
            self.add_error("employer_name", "Name the firm, company, school or service branch.")
        return data


class OtherBusinessForm(forms.Form):
    answer = _yes_no("Are you currently engaged in any other business?")
    description = forms.CharField(label="Other Business Description", required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        data = super().clean()
        if data.get("answer") == "yes" and not data.get("description", "").strip():
            self.add_error("description", "Describe the other business.")
        return data


class DisclosureQuestionsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in DisclosureQuestion.choices:
            self.fields[f"q{code}"] = _yes_no(label)


class DrpForm(forms.Form):
    question = forms.ChoiceField(label="Question", choices=[("", "—"), *DisclosureQuestion.choices])
    event_date = forms.DateField(label="Date of Event", widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label="Summary of Event", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class SignaturesForm(forms.Form):
    firm_signatory_name = forms.CharField(label="15B Firm Signatory Name", max_length=200)


@dataclass(frozen=True)
class SectionSpec:
    key: str
    form: type[forms.Form] | None = None
    rows: type[forms.Form] | None = None
    # Fields where free text is expected; the sensitive-data warnings scan only these.
    free_text: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return Section(self.key).label


SPECS: dict[str, SectionSpec] = {spec.key: spec for spec in [
    SectionSpec(Section.GENERAL, GeneralForm),
    SectionSpec(Section.FINGERPRINT, FingerprintForm),
    SectionSpec(Section.UNAFFILIATED_FIRMS, UnaffiliatedFirmsForm, free_text=("firm_names",)),
    SectionSpec(Section.SRO_REGISTRATIONS, SroRegistrationsForm),
    SectionSpec(Section.JURISDICTIONS, JurisdictionsForm),
    SectionSpec(Section.AFFILIATED_FIRMS, AffiliatedFirmsForm, free_text=("firm_names",)),
    SectionSpec(Section.EXAM_REQUESTS, ExamRequestsForm),
    SectionSpec(Section.DESIGNATIONS, DesignationsForm),
    SectionSpec(Section.IDENTIFYING, IdentifyingForm),
    SectionSpec(Section.OTHER_NAMES, rows=OtherNameForm, free_text=("other_name",)),
    SectionSpec(Section.RESIDENTIAL_HISTORY, rows=ResidenceForm),
    SectionSpec(Section.EMPLOYMENT_HISTORY, rows=EmploymentForm, free_text=("employer_name", "position")),
    SectionSpec(Section.OTHER_BUSINESS, OtherBusinessForm, free_text=("description",)),
    SectionSpec(Section.DISCLOSURES, DisclosureQuestionsForm, rows=DrpForm, free_text=("summary",)),
    SectionSpec(Section.SIGNATURES, SignaturesForm),
]}
EXTRA_ROWS = 2


@dataclass
class BoundSection:
    spec: SectionSpec
    form: forms.Form | None
    formset: forms.BaseFormSet | None

    def is_valid(self) -> bool:
        ok = self.form.is_valid() if self.form is not None else True
        ok = (self.formset.is_valid() if self.formset is not None else True) and ok
        return ok

    def errors(self) -> dict:
        out = {}
        if self.form is not None and self.form.errors:
            out.update(self.form.errors.get_json_data())
        if self.formset is not None:
            for i, errs in enumerate(self.formset.errors):
                if errs:
                    out[f"row {i + 1}"] = errs.get_json_data()
            if self.formset.non_form_errors():
                out["rows"] = list(self.formset.non_form_errors())
        return out


def _formset_class(spec: SectionSpec, extra: int):
    return forms.formset_factory(spec.rows, extra=extra, can_delete=True)


def bind(section: str, data=None, *, content: dict | None = None) -> BoundSection:
    """The section's form(s): bound to `data` when given, else unbound with `content` as initial."""
    spec = SPECS[section]
    content = content or {}
    form = formset = None
    if spec.form is not None:
        form = spec.form(data, prefix=section) if data is not None else spec.form(
            initial={k: v for k, v in content.items() if k != "rows"}, prefix=section)
    if spec.rows is not None:
        rows = content.get("rows", [])
        cls = _formset_class(spec, EXTRA_ROWS if data is None else 0)
        formset = cls(data, prefix=f"{section}-rows") if data is not None else cls(
            initial=rows, prefix=f"{section}-rows")
    return BoundSection(spec, form, formset)


def _jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_content(bound: BoundSection) -> dict:
    """The JSON stored for a valid section. Rows marked for deletion or left empty are dropped."""
    out = {}
    if bound.form is not None:
        out.update({k: _jsonable(v) for k, v in bound.form.cleaned_data.items()})
    if bound.formset is not None:
        out["rows"] = [
            {k: _jsonable(v) for k, v in row.items() if k != "DELETE"}
            for row in bound.formset.cleaned_data if row and not row.get("DELETE")
        ]
    return out


def content_as_data(section: str, content: dict) -> dict:
    """Stored content as POST-like data for `bind` (the completeness check re-validates with it)."""
    data = {}
    spec = SPECS[section]

    def put(prefix, values):
        for key, value in values.items():
            if key == "rows":
                continue
            if isinstance(value, bool):
                if value:
                    data[f"{prefix}-{key}"] = "on"
            elif value is None:
                data[f"{prefix}-{key}"] = ""
            else:
                data[f"{prefix}-{key}"] = value

    if spec.form is not None:
        put(section, content)
    if spec.rows is not None:
        rows = content.get("rows", [])
        prefix = f"{section}-rows"
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows)),
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
        for i, row in enumerate(rows):
            put(f"{prefix}-{i}", row)
    return _QueryDictLike(data)


class _QueryDictLike(dict):
    """A dict whose list values answer getlist (multiple choice fields) like a QueryDict."""

    def getlist(self, key, default=None):
        value = self.get(key, default if default is not None else [])
        return value if isinstance(value, list) else [value]


def _label_of(spec_form, name: str) -> str:
    if spec_form is None:
        return name
    if name in spec_form.base_fields:
        return spec_form.base_fields[name].label
    if name.startswith("q14"):
        return DisclosureQuestion(name[1:]).label
    return name


def _value_of(spec_form, name: str, value) -> str:
    if value in (None, "", []):
        return "—"
    field = spec_form.base_fields.get(name) if spec_form is not None else None
    choices = dict(getattr(field, "choices", []) or []) if field is not None else {}
    if name.startswith("q14"):
        choices = dict(YES_NO)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%m/%d/%Y")
        except ValueError:
            pass
    return str(choices.get(value, value))


def _in_form_order(form_class, values: dict) -> list[tuple[str, object]]:
    """Stored items in the order of the form's fields (the database keeps JSON keys in its own
    order); items the form does not declare (the questions 14A-14M) follow, sorted."""
    order = {name: i for i, name in enumerate(form_class.base_fields)} if form_class is not None else {}
    return sorted(values.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))


def display(section: str, content: dict, *, mask_dob: bool = False) -> dict:
    """A section's stored content as labelled values for the read-only views. With `mask_dob`
    (every view but the person's own) the date of birth shows its year only."""
    spec = SPECS[section]
    items = [(_label_of(spec.form, k),
              f"**/**/{v[:4]}" if mask_dob and k == "date_of_birth" and v else _value_of(spec.form, k, v))
             for k, v in _in_form_order(spec.form, content or {}) if k != "rows"]
    rows = [[(_label_of(spec.rows, k), _value_of(spec.rows, k, v)) for k, v in _in_form_order(spec.rows, row)]
            for row in (content or {}).get("rows", [])]
    return {"items": items, "rows": rows, "has_rows": spec.rows is not None}


def compare(section: str, before: dict, after: dict, *, mask_dob: bool = False) -> dict:
    """Two versions of a section side by side: each item with its value before and now (and
    whether it changed), and each version's rows as lines of text."""
    old, new = display(section, before, mask_dob=mask_dob), display(section, after, mask_dob=mask_dob)
    old_items, new_items = dict(old["items"]), dict(new["items"])
    labels = list(dict.fromkeys([label for label, _ in new["items"]] + [label for label, _ in old["items"]]))
    items = [{"label": label, "before": old_items.get(label, "—"), "now": new_items.get(label, "—"),
              "changed": old_items.get(label, "—") != new_items.get(label, "—")} for label in labels]

    def lines(rows):
        return [" · ".join(f"{label}: {value}" for label, value in row if value != "—") for row in rows]

    rows_before, rows_now = lines(old["rows"]), lines(new["rows"])
    return {"items": items, "has_rows": old["has_rows"], "rows_before": rows_before, "rows_now": rows_now,
            "rows_changed": rows_before != rows_now}
