"""Forms of the person's exam pages (no side effects)."""

from django import forms
from django.utils import timezone
from localflavor.us.forms import USZipCodeField
from localflavor.us.us_states import STATE_CHOICES


def add_validation_errors(form: forms.Form, exc) -> None:
    """A service's ValidationError shown on the form: next to its field, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class SessionSearchForm(forms.Form):
    """Where and when to look for a seat: a ZIP or a state, and optional dates."""

    zip_code = USZipCodeField(label="ZIP code", required=False, help_text="Five digits, e.g. 60601.")
    state = forms.ChoiceField(label="or State", required=False, choices=[("", "Any state"), *STATE_CHOICES])
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_zip_code(self):
        return (self.cleaned_data.get("zip_code") or "")[:5]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The end date is before the start date.")
        if data.get("date_to") and data["date_to"] < timezone.localdate():
            self.add_error("date_to", "Choose a date from today on.")
        return data


class ExtensionForm(forms.Form):
    reason = forms.CharField(label="Why could you not schedule your exam?", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}))


class ResultForm(forms.Form):
    """Support's result entry (admin action)."""

    taken_on = forms.DateField(label="Taken on", initial=timezone.localdate)
    outcome = forms.ChoiceField(choices=[("passed", "Passed"), ("failed", "Failed")])
    score = forms.IntegerField(min_value=0, max_value=100, required=False)
