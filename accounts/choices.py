"""Constants of the accounts app."""

from datetime import timedelta

from django.db import models

PRIVACY_STATEMENT_VERSION = "2026-01"
# Wrong passwords slow the next attempt instead of disabling password sign-in (accounts/signin_throttle.py).
SIGN_IN_FREE_FAILURES = 5
SIGN_IN_FREE_FAILURES_PER_IP = 20
SIGN_IN_MAX_DELAY = timedelta(minutes=15)
SIGN_IN_FAILURE_WINDOW = timedelta(hours=24)
ACTIVATION_LINK_HOURS = 24
RESET_LINK_MINUTES = 30
EMAIL_CHANGE_LINK_HOURS = 24
# The "Verify contact emails" task shows this many days before the yearly confirmation is due.
CONTACT_EMAILS_CONFIRM_DAYS = 30


class TokenPurpose(models.TextChoices):
    ACTIVATION = "activation", "Account activation"
    PASSWORD_RESET = "password_reset", "Password reset"
    EMAIL_CHANGE = "email_change", "Email change"


class SecurityQuestion(models.TextChoices):
    HIGH_SCHOOL_CITY = "high_school_city", "In what city was your high school? (full name of city only)"
    BEST_MAN = "best_man", "What is the first name of the best man at your wedding?"
    MOTHER_BIRTH_CITY = "mother_birth_city", "In what city was your mother born? (full name of city only)"
    FIRST_PET = "first_pet", "What was the name of your first pet?"
    CHILDHOOD_STREET = "childhood_street", "On what street did you live in third grade?"
    FIRST_CONCERT = "first_concert", "What was the first concert you attended?"
    FAVORITE_TEACHER = "favorite_teacher", "What was the last name of your favorite teacher?"
    FIRST_CAR = "first_car", "What was the make of your first car?"
    GRANDMOTHER_NAME = "grandmother_name", "What is your maternal grandmother's first name?"
    CHILDHOOD_FRIEND = "childhood_friend", "What was the first name of your childhood best friend?"


class EmailKind(models.TextChoices):
    PERSONAL = "personal", "Personal Email"
    BUSINESS = "business", "Business Email"

# The whole journey from "Create a FinPro Account" to a verified account, counted one way on
# every page of it (templates/accounts/_journey_steps.html via {% journey_steps "key" %}).
SIGNUP_STEPS = [
    ("privacy", "Privacy Statement"),
    ("profile", "Create Profile"),
    ("activation", "Activate your account"),
    ("password", "Set your password"),
    ("security_questions", "Security questions"),
    ("identity", "Verify your identity"),
]
