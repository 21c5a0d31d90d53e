"""FinPro accounts. The username is the FinPro User ID."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from crd.choices import NamePrefix, NameSuffix

from .choices import SecurityQuestion, TokenPurpose

USER_ID_PATTERN = r"^[A-Za-z0-9._-]{4,30}$"
user_id_validator = RegexValidator(
    USER_ID_PATTERN,
    "A User ID has 4 to 30 characters: letters, digits, dots, underscores or hyphens.",
    code="invalid_user_id",
)


class FinProUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A FinPro account. `individual` is the CRD person the account was created for
    (one account per Individual); their record is shown only once `identity_verified_at` is set."""

    username = models.CharField(
        "User ID", max_length=30, unique=True, validators=[user_id_validator],
        error_messages={"unique": "That User ID is taken. Choose another or generate one."},
    )
    individual = models.OneToOneField(
        "crd.Individual", on_delete=models.PROTECT, null=True, blank=True, related_name="account"
    )
    identity_verified_at = models.DateTimeField(null=True, blank=True)
    last_access_at = models.DateTimeField(null=True, blank=True)
    failed_sign_ins = models.PositiveIntegerField(
        default=0, help_text="Consecutive failed password sign-ins; reset by a successful one."
    )
    password_disabled_at = models.DateTimeField(
        null=True, blank=True,
        help_text="Password sign-in disabled after too many consecutive failures, until a reset or an unlock.",
    )

    objects = FinProUserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique")]

    @property
    def is_identity_verified(self) -> bool:
        return self.identity_verified_at is not None and self.individual_id is not None

    @property
    def initials(self) -> str:
        first, last = self.first_name or self.username[:1], self.last_name or ""
        return f"{first[:1]}{last[:1]}".upper() or self.username[:2].upper()

    @property
    def password_sign_in_disabled(self) -> bool:
        return self.password_disabled_at is not None


class Profile(models.Model):
    """What a person entered at Create Profile and keeps current in My Account: name parts,
    phones (E.164), emails and residential address. The personal email is also User.email."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    prefix = models.CharField("Prefix", max_length=8, choices=NamePrefix.choices, blank=True)
    middle_name = models.CharField("Middle Name", max_length=80, blank=True)
    suffix = models.CharField("Suffix", max_length=8, choices=NameSuffix.choices, blank=True)
    business_phone = PhoneNumberField("Business Phone")
    personal_phone = PhoneNumberField("Personal Phone")
    business_email = models.EmailField("Business Email", blank=True)
    address_line1 = models.CharField("Residential Address Line 1", max_length=200)
    city = models.CharField("City", max_length=100)
    state = models.CharField("State", max_length=2, blank=True)
    postal_code = models.CharField("Postal Code", max_length=20)
    country = CountryField("Country", default="US")
    address_confirmed_as_entered = models.BooleanField(
        default=False, help_text="The address could not be confirmed automatically; the person confirmed it."
    )
    contact_emails_confirmed_on = models.DateField(
        "Contact emails confirmed on", null=True, blank=True,
        help_text="When the person last confirmed their personal and business emails as current "
                  "(at account activation, then yearly from My Account).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Profile of {self.user.username}"


class PrivacyAcknowledgment(models.Model):
    """A person acknowledged a version of the privacy statement (before the account existed;
    linked to the account when Create Profile succeeds)."""

    version = models.CharField(max_length=20)
    acknowledged_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="privacy_acknowledgments"
    )

    class Meta:
        ordering = ["-acknowledged_at"]

    def __str__(self):
        return f"Privacy statement {self.version} acknowledged {self.acknowledged_at:%Y-%m-%d}"


class AccountToken(models.Model):
    """A single-use emailed link: account activation, password reset or email change.
    Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    purpose = models.CharField(max_length=20, choices=TokenPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    new_email = models.EmailField(blank=True, help_text="For email changes: the address being confirmed.")
    email_field = models.CharField(max_length=20, blank=True, help_text="personal or business (email changes).")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "purpose"])]

    def __str__(self):
        return f"{self.get_purpose_display()} link for {self.user_id}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class SecurityAnswer(models.Model):
    """One of a person's three security questions; the answer is hashed like a password
    after normalising case and spacing (the guide: answers are not checked for truth)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="security_answers")
    question = models.CharField(max_length=40, choices=SecurityQuestion.choices)
    answer_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="accounts_securityanswer_unique")]

    def __str__(self):
        return f"{self.user_id}: {self.question}"


class SignInEvent(models.Model):
    """A successful sign-in, shown to the person in My Account."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_events")
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    method = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self):
        return f"{self.user_id} signed in {self.at:%Y-%m-%d %H:%M}"
