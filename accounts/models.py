"""FinPro accounts. The username is the FinPro User ID."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower

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
