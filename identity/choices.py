"""Codes and limits of identity verification (numbers from DESIGN.md's security table)."""

from datetime import timedelta

from django.db import models


class Method(models.TextChoices):
    SMS = "sms", "Passcode by text message"
    VOICE = "voice", "Passcode by voice call"
    QUESTIONS = "questions", "Knowledge questions"
    MANUAL = "manual", "Verified by support"


PASSCODE_METHODS = (Method.SMS, Method.VOICE)


class Outcome(models.TextChoices):
    PENDING = "pending", "In progress"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Time ran out"
    ABANDONED = "abandoned", "Abandoned"


class FailureReason(models.TextChoices):
    NONE = "", "—"
    WRONG_ANSWERS = "wrong_answers", "Answers did not match the bureau's file"
    TIME_UP = "time_up", "The time limit passed"
    WRONG_CODES = "wrong_codes", "Too many wrong passcodes"


class LockScope(models.TextChoices):
    USER = "user", "This account (attempts per account)"
    SSN = "ssn", "This person (attempts per SSN or CRD# across accounts)"
    PASSCODE = "passcode", "Passcode entry (wrong passcodes)"


class PasscodePurpose(models.TextChoices):
    IDENTITY = "identity", "Identity verification"
    PHONE_CHANGE = "phone_change", "Confirming a new personal phone"


# Passcodes
PASSCODE_DIGITS = 6
PASSCODE_TTL = timedelta(minutes=10)
PASSCODE_MAX_WRONG = 10
PASSCODE_LOCK = timedelta(minutes=10)
SEND_MIN_INTERVAL = timedelta(seconds=30)
SEND_WINDOW = timedelta(minutes=5)
SEND_MAX_IN_WINDOW = 10

# Attempts
USER_ATTEMPTS = 5
USER_WINDOW = timedelta(hours=6)
SSN_ATTEMPTS = 10
SSN_WINDOW = timedelta(hours=1)

# Knowledge questions
QUESTION_COUNT = 5
PASS_MARK = 4
QUESTIONS_TIME_LIMIT = timedelta(minutes=5)
QUESTIONS_GRACE = timedelta(seconds=15)  # network slack after the visible countdown ends
NONE_OF_THE_ABOVE = "None of the Above"
