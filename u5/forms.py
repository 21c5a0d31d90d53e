"""The Form U5 forms: one form for a new filing (full or partial, its sections as field groups,
a DRP's fields beside each Section 7 question) and one for an amendment, which offers only what
an amendment may change. Forms validate; they write nothing."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from .choices import FilingKind, Question, TerminationReason

YES_NO = [("no", "No"), ("yes", "Yes")]
NEW_KINDS = [(FilingKind.FULL, FilingKind.FULL.label), (FilingKind.PARTIAL, FilingKind.PARTIAL.label)]


class PersonForm(forms.Form):
    crd_number = forms.IntegerField(label="Individual CRD#", min_value=1, max_value=9_999_999,
                                    help_text="A person currently associated with your firm.")


def _drp_fields(form: forms.Form) -> None:
    for q in Question:
        form.fields[f"q{q.value}"] = forms.ChoiceField(label=q.label, choices=YES_NO, initial="no",
                                                       widget=forms.RadioSelect)
        form.fields[f"drp{q.value}_date"] = forms.DateField(
            label=f"{q.value} DRP: date of the event", required=False,
            widget=forms.DateInput(attrs={"type": "date"}))
        form.fields[f"drp{q.value}_summary"] = forms.CharField(
            label=f"{q.value} DRP: what happened", required=False, max_length=2000, widget=forms.Textarea(
                attrs={"rows": 3}))


def _clean_drps(form: forms.Form, data: dict) -> None:
    today = timezone.localdate()
    for q in Question.values:
        if data.get(f"q{q}") != "yes":
            continue
        if not data.get(f"drp{q}_date"):
            form.add_error(f"drp{q}_date", f"Give the date of the event you answered “Yes” to in {q}.")
        elif data[f"drp{q}_date"] > today:
            form.add_error(f"drp{q}_date", "The event date cannot be in the future.")
        if not (data.get(f"drp{q}_summary") or "").strip():
            form.add_error(f"drp{q}_summary", f"Describe the event you answered “Yes” to in {q}.")


def _clean_reason(form: forms.Form, data: dict) -> None:
    reason = data.get("reason")
    if not reason:
        form.add_error("reason", "Choose the reason for the termination.")
    elif reason != TerminationReason.VOLUNTARY and not (data.get("reason_explanation") or "").strip():
        form.add_error("reason_explanation", "Explain the termination (required unless it was voluntary).")


class _AddressMixin:
    def _address_fields(self):
        self.fields["address_line1"] = forms.CharField(label="Address", max_length=200,
                                                       widget=forms.TextInput(attrs={"autocomplete": "address-line1"}))
        self.fields["address_line2"] = forms.CharField(label="Address line 2", max_length=200, required=False)
        self.fields["city"] = forms.CharField(max_length=100)
        self.fields["state"] = forms.CharField(max_length=2, required=False, help_text="Two letters; blank abroad.")
        self.fields["postal_code"] = forms.CharField(label="ZIP / postal code", max_length=20)
        self.fields["country"] = forms.CharField(max_length=2, initial="US")

    def clean_state(self):
        return (self.cleaned_data.get("state") or "").strip().upper()

    def clean_country(self):
        return (self.cleaned_data.get("country") or "US").strip().upper()


def _clean_date(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError("The termination date cannot be in the future.")
    return value


class FilingForm(_AddressMixin, forms.Form):
    """A new Form U5. `sros` and `jurisdictions` are the person's current registrations with the
    firm, offered for a partial termination (5A, 5B)."""

    def __init__(self, *args, sros: list[str], jurisdictions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(label="Type of filing", choices=NEW_KINDS, widget=forms.RadioSelect,
                                                initial=FilingKind.FULL)
        self._address_fields()
        self.fields["termination_date"] = forms.DateField(label="Date of termination",
                                                          widget=forms.DateInput(attrs={"type": "date"}))
        self.fields["reason"] = forms.ChoiceField(label="3 Reason for termination (full termination)",
                                                  choices=[("", "Choose…"), *TerminationReason.choices],
                                                  required=False)
        self.fields["reason_explanation"] = forms.CharField(
            label="Explanation", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Required unless the termination was voluntary.")
        self.fields["partial_sros"] = forms.MultipleChoiceField(
            label="5A SRO registrations to terminate", choices=[(s, s) for s in sros], required=False,
            widget=forms.CheckboxSelectMultiple)
        self.fields["partial_jurisdictions"] = forms.MultipleChoiceField(
            label="5B Jurisdiction registrations to terminate", choices=[(j, j) for j in jurisdictions],
            required=False, widget=forms.CheckboxSelectMultiple)
        self.fields["affiliated_firm_names"] = forms.CharField(
            label="6 Affiliated firms the person also left (full termination)", required=False, max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}))
        _drp_fields(self)
        self.fields["acknowledgment_name"] = forms.CharField(
            label="8A Your full name, as the firm's signature", max_length=200)
        self.fields["acknowledge"] = forms.BooleanField(
            label="I acknowledge, for the firm, that this Form U5 is true and complete and that the person "
                  "gets a copy.")

    def clean_termination_date(self):
        return _clean_date(self.cleaned_data.get("termination_date"))

    def clean(self):
        data = super().clean()
        if data.get("kind") == FilingKind.PARTIAL:
            if not data.get("partial_sros") and not data.get("partial_jurisdictions"):
                self.add_error("partial_sros", "Choose the SROs (5A) or jurisdictions (5B) whose registrations end.")
        elif data.get("kind") == FilingKind.FULL:
            _clean_reason(self, data)
            _clean_drps(self, data)
        return data


class AmendmentForm(_AddressMixin, forms.Form):
    """An amendment: the termination date, the reason (full terminations), the residential
    address and the disclosures (full terminations). Nothing else can change."""

    def __init__(self, *args, partial: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.partial = partial
        self._address_fields()
        self.fields["termination_date"] = forms.DateField(label="Date of termination",
                                                          widget=forms.DateInput(attrs={"type": "date"}))
        if not partial:
            self.fields["reason"] = forms.ChoiceField(label="3 Reason for termination",
                                                      choices=[("", "Choose…"), *TerminationReason.choices])
            self.fields["reason_explanation"] = forms.CharField(
                label="Explanation", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Required unless the termination was voluntary.")
            _drp_fields(self)
        self.fields["acknowledgment_name"] = forms.CharField(
            label="8A Your full name, as the firm's signature", max_length=200)
        self.fields["acknowledge"] = forms.BooleanField(
            label="I acknowledge, for the firm, that this amendment is true and complete and that the person "
                  "gets a copy.")

    def clean_termination_date(self):
        return _clean_date(self.cleaned_data.get("termination_date"))

    def clean(self):
        data = super().clean()
        if not self.partial:
            _clean_reason(self, data)
            _clean_drps(self, data)
        return data


def initial_from(filing) -> dict:
    """A filing's values as a form's initial data (for an amendment's starting point)."""
    initial = {k: getattr(filing, k) for k in ("address_line1", "address_line2", "city", "state", "postal_code",
                                               "country", "termination_date", "reason", "reason_explanation")}
    drps = {d.question: d for d in filing.drps.all()}
    for q in Question.values:
        initial[f"q{q}"] = filing.disclosure_answers.get(q, "no")
        if q in drps:
            initial[f"drp{q}_date"], initial[f"drp{q}_summary"] = drps[q].event_date, drps[q].summary
    return initial


def drps_of(data: dict) -> list[dict]:
    return [{"question": q, "event_date": data[f"drp{q}_date"], "summary": data[f"drp{q}_summary"].strip()}
            for q in Question.values if data.get(f"q{q}") == "yes"]


def answers_of(data: dict) -> dict:
    return {q: data.get(f"q{q}", "no") for q in Question.values}
