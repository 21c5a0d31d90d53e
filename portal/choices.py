"""Constants of the help center."""

from django.db import models


class FaqSection(models.TextChoices):
    CREATING_AN_ACCOUNT = "creating-an-account", "Creating an account"
    UPDATING_YOUR_INFORMATION = "updating-your-information", "Updating your information"
    IDENTITY_VERIFICATION = "identity-verification", "Identity verification"
    TECHNICAL_SUPPORT = "technical-support", "Technical support and troubleshooting"


class Audience(models.TextChoices):
    REPS = "reps", "Industry professionals"
    FIRMS = "firms", "Firm compliance staff"
    BOTH = "both", "Everyone"
