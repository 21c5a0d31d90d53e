"""Forms of the firm section. No side effects: views pass cleaned data to services."""

from django import forms
from django.utils import timezone

from accounts.models import user_id_validator
from accounts.validators import password_rule_text
from crd.choices import AssociationKind, RegistrationStatus

from .choices import REMINDER_DAY_CHOICES, MembershipRole
from .selectors import AttestationStatus, CeStatus, RosterFilters
from .services import validate_ce_firm_due_date

ON_OFF = [("on", "On"), ("off", "Off")]


class OnOffField(forms.TypedChoiceField):
    """An On / Off radio pair that cleans to a bool."""

    def __init__(self, **kwargs):
        super().__init__(choices=ON_OFF, coerce=lambda v: v == "on", widget=forms.RadioSelect, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, bool):
            return "on" if value else "off"
        return value


class SettingsGroupForm(forms.Form):
    """One card of the settings page. `initial` comes from the firm's FirmSettings row."""

    group = ""
    title = ""

    @classmethod
    def from_settings(cls, row, **kwargs):
        initial = {name: getattr(row, name) for name in cls.base_fields}
        return cls(initial=initial, **kwargs)


class AttestationForm(SettingsGroupForm):
    group, title = "attestation", "Attestation"
    attestation_employees = OnOffField(label="Attestation for employees")
    attestation_contractors = OnOffField(label="Attestation for contractors")


class ESignatureForm(SettingsGroupForm):
    group, title = "esignature", "Form U4 E-Signature"
    esignature_employees = OnOffField(label="E-Signature for employees")
    esignature_contractors = OnOffField(label="E-Signature for contractors")


class CeNotificationsForm(SettingsGroupForm):
    group, title = "ce", "CE Notifications"
    ce_firm_due_date = forms.DateField(
        label="Firm CE Due Date", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. Must fall before Dec 31, the SRO CE due date. Leave blank for none.",
    )
    ce_reminders_enabled = OnOffField(label="Due-date reminder emails")
    ce_reminder_days = forms.TypedMultipleChoiceField(
        label="Send reminders", required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
        choices=[(d, f"{d} day{'s' if d != 1 else ''} before") for d in REMINDER_DAY_CHOICES],
    )
    ce_status_change_emails = OnOffField(label="CE status-change emails")
    ce_copy_to_email = forms.EmailField(
        label="Copy notifications to", required=False,
        help_text="Optional. A firm contact address that receives a copy of each CE email.",
    )

    def __init__(self, *args, current_due_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_due_date = current_due_date

    @classmethod
    def from_settings(cls, row, **kwargs):
        return super().from_settings(row, current_due_date=row.ce_firm_due_date, **kwargs)

    def clean_ce_firm_due_date(self):
        value = self.cleaned_data["ce_firm_due_date"]
        if value and value != self.current_due_date:
            if value < timezone.localdate():
                raise forms.ValidationError("The firm CE due date cannot be in the past.")
            try:
                validate_ce_firm_due_date(value)
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.message_dict["ce_firm_due_date"]) from None
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ce_reminders_enabled"):
            if not cleaned.get("ce_reminder_days") and "ce_reminder_days" not in self.errors:
                self.add_error("ce_reminder_days", "Choose at least one reminder, or turn reminders off.")
            if not cleaned.get("ce_firm_due_date") and "ce_firm_due_date" not in self.errors:
                self.add_error("ce_firm_due_date", "Set a firm CE due date to send due-date reminders.")
        return cleaned


class IarCeFeeForm(SettingsGroupForm):
    group, title = "iar_ce_fee", "IAR CE Fee"
    iar_ce_fee_opt_in = OnOffField(label="Pay the IAR CE Products and Practice fee for our representatives")


SETTINGS_FORMS = {form.group: form for form in (AttestationForm, ESignatureForm, CeNotificationsForm, IarCeFeeForm)}


class RosterFilterForm(forms.Form):
    q = forms.CharField(label="Search by name or CRD#", required=False, max_length=100)
    kind = forms.ChoiceField(label="Employee or contractor", required=False,
                             choices=[("", "All"), *AssociationKind.choices])
    association = forms.ChoiceField(label="Association", required=False,
                                    choices=[("", "All"), ("current", "Current"), ("terminated", "Terminated")])
    registration_status = forms.ChoiceField(label="Registration status", required=False,
                                            choices=[("", "All"), *RegistrationStatus.choices])
    ce_status = forms.ChoiceField(label="CE status", required=False, choices=[("", "All"), *CeStatus.CHOICES])
    has_account = forms.ChoiceField(label="Has a FinPro account", required=False,
                                    choices=[("", "All"), ("yes", "Yes"), ("no", "No")])
    attestation_status = forms.ChoiceField(label="Attestation status", required=False,
                                           choices=[("", "All"), *AttestationStatus.CHOICES])

    def filters(self) -> RosterFilters:
        if not self.is_valid():
            return RosterFilters()
        return RosterFilters(**{name: self.cleaned_data.get(name) or "" for name in self.fields})


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Email", help_text="The invitation link is sent to this address.")
    role = forms.ChoiceField(label="Role", choices=MembershipRole.choices, initial=MembershipRole.VIEWER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=MembershipRole.choices)


class InvitationAccountForm(forms.Form):
    """Create a FinPro account from an invitation (firm staff need no CRD record)."""

    first_name = forms.CharField(label="First Name", max_length=80)
    last_name = forms.CharField(label="Last Name", max_length=80)
    username = forms.CharField(
        label="New User ID", max_length=30, validators=[user_id_validator],
        help_text="4 to 30 letters, digits, dots, underscores or hyphens.",
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(label="Password", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="Confirm Password", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The password rule and its wording come from one place (accounts.validators).
        self.fields["password1"].help_text = password_rule_text()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", "The passwords do not match.")
        return cleaned


class DepositForm(forms.Form):
    """Support staff: record a deposit into a firm's Flex Funding account (admin action)."""

    amount = forms.DecimalField(label="Amount (USD)", min_value=0.01, max_digits=12, decimal_places=2)
    memo = forms.CharField(label="Memo", max_length=200, required=False)

    def amount_cents(self) -> int:
        return int(self.cleaned_data["amount"] * 100)
