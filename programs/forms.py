"""The enrollment form: confirm the email address and, for an EVEP, acknowledge the risk."""

from django import forms


class EnrollForm(forms.Form):
    email = forms.EmailField(label="Email address", help_text="We write to you here about the program.",
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    email_confirmed = forms.BooleanField(label="This is my email address and I read it", required=False)

    def __init__(self, *args, evep: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if evep:
            self.fields["risk_acknowledged"] = forms.BooleanField(
                label="I understand the extension holds only in the participating jurisdictions listed above; "
                      "elsewhere I may have to retake the exam.", required=False)
