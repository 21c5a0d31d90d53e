"""Account forms. Labels use the words of the public FinPro guide; forms have no side effects."""

import re
import unicodedata
from datetime import date

import phonenumbers
from allauth.account.forms import LoginForm
from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField
from localflavor.us.us_states import STATE_CHOICES

from crd.choices import NamePrefix, NameSuffix
from crd.ssn import normalize_ssn

from .address import check_address
from .choices import SecurityQuestion
from .models import user_id_validator
from .validators import password_rule_text

PHONE_MESSAGE = "Enter a phone number we can reach, like (212) 555-0134, or +44 20 7946 0000 outside the US."


def dob_parse(value: str, *, today: date | None = None) -> date:
    """Parse MM/DD/YYYY strictly; refuse impossible, future and absurdly old dates."""
    value = (value or "").strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if not match:
        raise ValidationError("Enter the date as MM/DD/YYYY, for example 04/12/1985.", code="format")
    month, day, year = (int(x) for x in match.groups())
    try:
        parsed = date(year, month, day)
    except ValueError as exc:
        raise ValidationError(f"{value} is not a real date. Check the month and day.", code="invalid") from exc
    today = today or timezone.localdate()
    if parsed > today:
        raise ValidationError("Date of Birth cannot be in the future.", code="future")
    if parsed.year < today.year - 110:
        raise ValidationError("Date of Birth is more than 110 years ago. Check the year.", code="too_old")
    if parsed.year > today.year - 14:
        raise ValidationError("Date of Birth is too recent for a registered person. Check the year.",
                              code="too_young")
    return parsed


# Characters of people's names: letters and accents of any script, spaces, apostrophes,
# hyphens and periods (initials, "St. John"). Anything else (digits, emoji, symbols) is refused.
_NAME_PUNCTUATION = {" ", "'", "\u2019", "-", "."}


def name_clean(value: str, *, label: str) -> str:
    """A name as typed, trimmed; refused with a message when it holds characters names do not."""
    value = " ".join((value or "").split())
    for char in value:
        if char in _NAME_PUNCTUATION or unicodedata.category(char)[0] in ("L", "M"):
            continue
        raise ValidationError(
            f"{label} can hold only letters, spaces, apostrophes, hyphens and periods. Remove “{char}”.",
            code="name_characters")
    return value


def phone_parse(value: str) -> str:
    """A phone number people type, as E.164 (+12125550134)."""
    try:
        number = phonenumbers.parse(value or "", "US")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"})

    def clean(self, value):
        value = super().clean(value)
        return phone_parse(value) if value else ""


class LabelledCaptchaInput(CaptchaTextInput):
    """The picture and one text box, labelled like any other field (not a fieldset)."""

    use_fieldset = False
    template_name = "accounts/captcha_widget.html"


CONDITIONAL_FIELD_TEMPLATE = "accounts/_field_required_when.html"


class FinProForm(forms.Form):
    """Labels without a colon; required fields' labels carry the class "required" (an asterisk)."""

    required_css_class = "required"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def current_value(self, name: str):
        """What a field holds as the page is drawn: the submitted value, else its initial one."""
        if self.is_bound:
            return self.data.get(self.add_prefix(name), "")
        return self.initial.get(name, self.fields[name].initial)

    def required_when(self, name: str, *, other: str, value: str) -> None:
        """`name` is required only while field `other` is `value` (the form's clean() enforces it).
        Its label shows the asterisk (aria-hidden), the input carries `required`/`aria-required`
        for the current choice, and static/js/accounts.js keeps them in step when it changes."""
        field = self.fields[name]
        field.template_name = CONDITIONAL_FIELD_TEMPLATE
        field.widget.attrs["data-required-when"] = f"{other}:{value}"
        if str(self.current_value(other) or "") == value:
            field.widget.attrs.update({"required": True, "aria-required": "true"})


class SignInForm(LoginForm):
    """allauth's sign-in form, with the FinPro User ID label."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels without a colon, as everywhere else
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "User ID"
        self.fields["password"].help_text = ""  # one "Forgot password?", beside the button
        self.fields["login"].widget.attrs.update({"placeholder": "", "autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"placeholder": ""})


class PrivacyForm(FinProForm):
    acknowledge = forms.BooleanField(
        label="I have read and understand the FinPro Privacy Statement and agree to it.",
        error_messages={"required": "Acknowledge the Privacy Statement to create an account."},
    )


HAS_SSN_CHOICES = [("yes", "Yes"), ("no", "No")]


class AddressFieldsMixin:
    """Residential address fields and their checks (shared by Create Profile and My Account)."""

    def add_address_fields(self):
        self.fields["address_line1"] = forms.CharField(label="Residential Address Line 1", max_length=200)
        self.fields["city"] = forms.CharField(label="City", max_length=100)
        self.fields["state"] = forms.ChoiceField(
            label="State", choices=[("", "Choose a state"), *STATE_CHOICES], required=False,
            help_text="Required for a US address.",
        )
        self.fields["postal_code"] = forms.CharField(label="Postal Code", max_length=20)
        self.fields["country"] = LazyTypedChoiceField(label="Country", choices=countries, initial="US")
        self.fields["address_line1"].widget.attrs["autocomplete"] = "address-line1"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["postal_code"].widget.attrs["autocomplete"] = "postal-code"
        self.required_when("state", other="country", value="US")
        self.address_check = None

    def check_address_fields(self, cleaned, *, confirm: bool):
        """The guide's address check: an address the system cannot confirm as geographically
        accurate is shown back; the person uses the suggestion (the ZIP's city and state), edits
        it, or confirms it as entered (saved, and recorded as unconfirmed)."""
        needed = ("address_line1", "city", "postal_code", "country")
        if any(f in self.errors for f in needed) or not all(cleaned.get(f) for f in needed):
            return
        check = self._address_check(cleaned)
        if check.suggestion and self.data.get(self.add_prefix("use_address_suggestion")):
            cleaned.update(check.suggestion)  # worked out again from the ZIP, not taken from the page
            self.data = self.data.copy()
            for name, value in check.suggestion.items():
                self.data[self.add_prefix(name)] = value
            check = self._address_check(cleaned)
        self.address_check = check
        for name, message in check.errors.items():
            self.add_error(name, message)
        if not check.errors:
            cleaned["postal_code"] = check.postal_code
            if not check.confirmed and not confirm:
                self.add_error(None, ValidationError("Confirm or edit your address.", code="address_unconfirmed"))
            cleaned["address_confirmed_as_entered"] = not check.confirmed

    @staticmethod
    def _address_check(cleaned):
        return check_address(
            line1=cleaned["address_line1"], city=cleaned["city"], state=cleaned.get("state", ""),
            postal_code=cleaned["postal_code"], country=cleaned["country"],
        )

    @property
    def needs_address_confirmation(self) -> bool:
        return any(e.code == "address_unconfirmed" for e in self.non_field_errors().as_data())


class CreateProfileForm(AddressFieldsMixin, FinProForm):
    prefix = forms.ChoiceField(label="Prefix", choices=[("", ""), *NamePrefix.choices], required=False)
    first_name = forms.CharField(label="First Name", max_length=80,
                                 help_text="Your legal first name, as on your firm's registration filings.")
    middle_name = forms.CharField(label="Middle Name", max_length=80, required=False)
    last_name = forms.CharField(label="Last Name", max_length=80,
                                help_text="Your legal last name, as on your firm's registration filings.")
    suffix = forms.ChoiceField(label="Suffix", choices=[("", ""), *NameSuffix.choices], required=False)
    username = forms.CharField(label="New User ID", max_length=30, validators=[user_id_validator],
                               help_text="4 to 30 letters, digits, dots, underscores or hyphens.")
    has_ssn = forms.ChoiceField(label="Do you have an SSN?", choices=HAS_SSN_CHOICES, initial="yes",
                                widget=forms.RadioSelect,
                                help_text="If you have a US Social Security number, you must answer Yes.")
    ssn = forms.CharField(label="SSN", max_length=20, required=False,
                          help_text="Your US Social Security number. Do not enter any other national number.")
    crd_number = forms.CharField(label="CRD#", max_length=12, required=False,
                                 help_text="Without a US SSN, enter your individual CRD# (it is on your "
                                           "BrokerCheck report; your firm can tell you).")
    # No 10-character limit on the box: a pasted " 04/12/1985 " would be cut before it is stripped.
    date_of_birth = forms.CharField(label="Date of Birth", max_length=40, help_text="MM/DD/YYYY")
    business_phone = PhoneField(label="Business Phone")
    personal_phone = PhoneField(
        label="Personal Phone",
        help_text="When you register, we may text a one-time passcode to this phone to verify your identity.")
    business_email = forms.EmailField(label="Business Email", required=False)
    personal_email = forms.EmailField(
        label="Personal Email",
        help_text="We use this address to activate your account, finish registration and reset your password. "
                  "Use an address you keep when you are not with a firm.",
    )
    confirm_address = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, captcha: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_address_fields()
        # keep the guide's order: address after date of birth, then phones and emails
        order = ["prefix", "first_name", "middle_name", "last_name", "suffix", "username", "has_ssn", "ssn",
                 "crd_number", "date_of_birth", "address_line1", "city", "state", "postal_code", "country",
                 "business_phone", "personal_phone", "business_email", "personal_email", "confirm_address"]
        if captcha:
            self.fields["captcha"] = CaptchaField(
                label="Type the characters in the picture", widget=LabelledCaptchaInput(),
                error_messages={"invalid": "The characters do not match the picture. Try the new picture."},
            )
            order.append("captcha")
        self.order_fields(order)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["date_of_birth"].widget.attrs.update({"autocomplete": "bday", "inputmode": "numeric"})
        self.fields["ssn"].widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})
        self.fields["crd_number"].widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})
        self.fields["personal_email"].widget.attrs["autocomplete"] = "email"
        self.required_when("ssn", other="has_ssn", value="yes")
        self.required_when("crd_number", other="has_ssn", value="no")

    def clean_date_of_birth(self):
        return dob_parse(self.cleaned_data["date_of_birth"])

    def clean_first_name(self):
        return name_clean(self.cleaned_data["first_name"], label="First Name")

    def clean_middle_name(self):
        return name_clean(self.cleaned_data["middle_name"], label="Middle Name")

    def clean_last_name(self):
        return name_clean(self.cleaned_data["last_name"], label="Last Name")

    def clean_username(self):
        from .selectors import user_id_is_free

        username = self.cleaned_data["username"].strip()
        if not user_id_is_free(username=username):
            raise ValidationError("That User ID is taken. Choose another or generate one.")
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_ssn") == "yes":
            raw = cleaned.get("ssn", "")
            if not raw:
                self.add_error("ssn", "Enter your SSN, or answer No to “Do you have an SSN?”.")
            else:
                try:
                    cleaned["ssn"] = normalize_ssn(raw)
                except ValidationError as exc:
                    self.add_error("ssn", exc)
            cleaned["crd_number"] = None
        elif cleaned.get("has_ssn") == "no":
            raw = (cleaned.get("crd_number") or "").strip().replace(",", "")
            if not raw:
                self.add_error("crd_number", "Enter your CRD#.")
            elif not re.fullmatch(r"\d{1,7}", raw):
                self.add_error("crd_number", "A CRD# is a number of up to 7 digits.")
            else:
                cleaned["crd_number"] = int(raw)
            cleaned["ssn"] = ""
        if cleaned.get("country") == "US" and not cleaned.get("state") and "state" not in self.errors:
            self.add_error("state", "Choose the State.")
        self.check_address_fields(cleaned, confirm=bool(cleaned.get("confirm_address")))
        return cleaned


class SetPasswordForm(FinProForm):
    new_password = forms.CharField(label="New Password", strip=False, max_length=200,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    confirm_password = forms.CharField(label="Confirm New Password", strip=False, max_length=200,
                                       widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["new_password"].help_text = password_rule_text()

    def clean_new_password(self):
        password = self.cleaned_data["new_password"]
        password_validation.validate_password(password, self.user)
        return password

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password") and cleaned.get("confirm_password") != cleaned["new_password"]:
            self.add_error("confirm_password", "The two passwords do not match.")
        return cleaned


QUESTION_CHOICES = [("", "Choose a question"), *SecurityQuestion.choices]


class SecurityQuestionsForm(FinProForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in (1, 2, 3):
            self.fields[f"question_{i}"] = forms.ChoiceField(label=f"Security Question {i}", choices=QUESTION_CHOICES)
            self.fields[f"answer_{i}"] = forms.CharField(
                label=f"Answer to Question {i}", max_length=100,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for i in (1, 2, 3):
            q = cleaned.get(f"question_{i}")
            if q and q in seen:
                self.add_error(f"question_{i}", "Choose a question you have not chosen above.")
            seen.add(q)
            if cleaned.get(f"answer_{i}") is not None and not cleaned[f"answer_{i}"].strip():
                self.add_error(f"answer_{i}", "Enter an answer.")
        return cleaned

    def answers(self) -> list[tuple[str, str]]:
        return [(self.cleaned_data[f"question_{i}"], self.cleaned_data[f"answer_{i}"]) for i in (1, 2, 3)]


class ForgotPasswordForm(FinProForm):
    identifier = forms.CharField(label="User ID or Personal Email", max_length=254,
                                 widget=forms.TextInput(attrs={"autocomplete": "username"}))


class ForgotUserIdForm(FinProForm):
    email = forms.EmailField(label="Personal Email", widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class EmailChangeForm(FinProForm):
    new_email = forms.EmailField(label="New email address",
                                 widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class PhonesForm(FinProForm):
    business_phone = PhoneField(label="Business Phone")
    personal_phone = PhoneField(label="Personal Phone",
                                help_text="May be used to verify your identity with a one-time passcode text.")


class AddressForm(AddressFieldsMixin, FinProForm):
    confirm_address = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_address_fields()
        self.order_fields(["address_line1", "city", "state", "postal_code", "country", "confirm_address"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("country") == "US" and not cleaned.get("state") and "state" not in self.errors:
            self.add_error("state", "Choose the State.")
        self.check_address_fields(cleaned, confirm=bool(cleaned.get("confirm_address")))
        return cleaned
