"""Forms of the firm's API pages. No side effects: views pass cleaned data to services."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from . import services
from .choices import EVENT_CHOICES, KEY_LIFETIME_CHOICES, ApiScope


class ApiKeyForm(forms.Form):
    name = forms.CharField(label="Key name", max_length=80,
                           help_text="What the key is for, e.g. \"HR system nightly sync\".")
    scopes = forms.MultipleChoiceField(label="Scopes", choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": "Choose at least one scope."})
    lifetime_days = forms.TypedChoiceField(label="Expires after", choices=KEY_LIFETIME_CHOICES, coerce=int,
                                           initial=90)


class WebhookEndpointForm(forms.Form):
    url = forms.CharField(label="Endpoint URL", max_length=500,
                          help_text="An http:// or https:// address of your firm's system that accepts POST.")
    description = forms.CharField(label="Description", max_length=120, required=False)
    events = forms.MultipleChoiceField(label="Events", choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": "Choose at least one event."})

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError("Enter an http:// or https:// URL.") from None
        try:
            return services.webhook_url_check(url)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["url"]) from None
