"""The sandbox bureau's own tables: what a credit bureau would know about a person.
Seeded by `seed_demo` (identity/demo.py) and editable by support staff in the admin."""

from django.db import models
from django.utils import timezone


class PhoneOwnership(models.TextChoices):
    INDIVIDUAL = "individual", "Individual line"
    MULTI_PARTY = "multi_party", "Multi-party plan"


class FactKind(models.TextChoices):
    ADDRESS = "address", "Past address"
    EMPLOYER = "employer", "Employer"
    VEHICLE = "vehicle", "Vehicle"
    LENDER = "lender", "Loan or mortgage lender"


class BureauSubject(models.Model):
    """A person in the sandbox bureau's file, matched to a CRD Individual."""

    individual = models.OneToOneField("crd.Individual", on_delete=models.CASCADE, related_name="bureau_subject")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "sandbox bureau subject"

    def __str__(self):
        return f"Bureau file for CRD# {self.individual.crd_number}"


class BureauPhone(models.Model):
    """A phone number the bureau associates with the person, and how it is held."""

    subject = models.ForeignKey(BureauSubject, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=20, help_text="E.164, e.g. +15550100101.")
    ownership = models.CharField(max_length=12, choices=PhoneOwnership.choices)
    reported_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-reported_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["subject", "number"], name="identity_bureauphone_unique")]

    def __str__(self):
        return f"…{self.number[-4:]} ({self.get_ownership_display()})"


class BureauFact(models.Model):
    """One fact from the person's credit file (past address, employer, vehicle, lender)."""

    subject = models.ForeignKey(BureauSubject, on_delete=models.CASCADE, related_name="facts")
    kind = models.CharField(max_length=12, choices=FactKind.choices)
    value = models.CharField(max_length=200)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [models.UniqueConstraint(fields=["subject", "kind", "value"], name="identity_bureaufact_unique")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"


class SandboxQuiz(models.Model):
    """A quiz handed out and not yet graded: per question, a keyed hash of the correct
    choice's index. Deleted when graded, so a quiz is graded once."""

    reference = models.CharField(max_length=64, unique=True)
    answer_key = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "sandbox quizzes"

    def __str__(self):
        return f"Quiz {self.reference}"
