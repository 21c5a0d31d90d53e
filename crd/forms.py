"""Forms of the rep's record pages. No side effects: views pass cleaned data to crd.services."""

from django import forms
from localflavor.us.forms import USZipCodeField
from localflavor.us.us_states import STATE_CHOICES

from .choices import AttestationAnswer
from .services import COMMENT_MAX


class ErrorsTiedToFields:
    """After validation, mark each field in error with aria-invalid and point it at its message."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"


class AttestationForm(forms.Form):
    answer = forms.ChoiceField(
        label="Is the information on your CRD record correct?",
        choices=AttestationAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether your record is correct or needs to be updated."},
    )
    comment = forms.CharField(
        label="Comment", required=False, max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when your record needs to be updated: say what is wrong or missing.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == AttestationAnswer.NEEDS_UPDATE and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Tell your firm what needs to be updated.")
        return cleaned


class ResidentialAddressForm(ErrorsTiedToFields, forms.Form):
    address_line1 = forms.CharField(label="Residential Address Line 1", max_length=200)
    address_line2 = forms.CharField(label="Residential Address Line 2", max_length=200, required=False)
    city = forms.CharField(label="City", max_length=100)
    state = forms.ChoiceField(label="State", choices=[("", "Choose a state"), *STATE_CHOICES])
    postal_code = USZipCodeField(label="ZIP Code", error_messages={
        "invalid": "Enter a ZIP code as 12345 or 12345-6789."})
