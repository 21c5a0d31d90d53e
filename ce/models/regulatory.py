"""Continuing education: the Regulatory Element content of each CE year (reference data
written by support staff), each person's learning plan for a year and their progress.

Writes go through ce.services; reads through ce.selectors, scoped to the person or firm.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..choices import ModuleStatus, PlanEventKind, PlanStatus


class CEYear(models.Model):
    """A Regulatory Element year. The SRO due date is Dec 31 of the year (Eastern Time)."""

    year = models.PositiveSmallIntegerField(unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(max_length=120, blank=True,
                             help_text="Shown above the plan, e.g. “2026 Regulatory Element”.")

    class Meta:
        ordering = ["-year"]
        verbose_name = "CE year"

    def __str__(self):
        return self.title or f"{self.year} Regulatory Element"

    @property
    def sro_due_date(self) -> dt.date:
        return dt.date(self.year, 12, 31)


class CategoryGroup(models.Model):
    """The registration categories whose people take the same modules in one CE year. Which
    categories belong to which group can change from year to year."""

    ce_year = models.ForeignKey(CEYear, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    categories = models.ManyToManyField("crd.RegistrationCategory", blank=True, related_name="ce_groups")

    class Meta:
        ordering = ["ce_year", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["ce_year", "name"], name="ce_group_name_unique_per_year")]

    def __str__(self):
        return f"{self.ce_year.year}: {self.name}"


class Module(models.Model):
    """One Regulatory Element module: ordered content pages and a short knowledge check."""

    group = models.ForeignKey(CategoryGroup, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(max_length=160)
    summary = models.TextField()
    estimated_minutes = models.PositiveSmallIntegerField(default=15, validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["group", "position", "title"]

    def __str__(self):
        return self.title


class ModulePage(models.Model):
    """A page of a module's content, in HTML written by support staff."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="pages")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=160)
    body_html = models.TextField(help_text="HTML written by support staff (headings, paragraphs, lists).")

    class Meta:
        ordering = ["module", "position"]
        constraints = [models.UniqueConstraint(fields=["module", "position"], name="ce_page_position_unique")]

    def __str__(self):
        return f"{self.module_id} p.{self.position}: {self.title}"


class Question(models.Model):
    """A multiple-choice knowledge-check question of a module, with its explanation."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    prompt = models.TextField()
    explanation = models.TextField(help_text="Shown after the person answers, right or wrong.")

    class Meta:
        ordering = ["module", "position"]
        constraints = [models.UniqueConstraint(fields=["module", "position"], name="ce_question_position_unique")]

    def __str__(self):
        return self.prompt[:80]


class Option(models.Model):
    """One answer of a knowledge-check question; exactly one per question is right."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="ce_option_position_unique"),
            models.UniqueConstraint(fields=["question"], condition=Q(is_correct=True), name="ce_option_one_correct"),
        ]

    def __str__(self):
        return self.text


class LearningPlan(models.Model):
    """A person's Regulatory Element plan for one CE year: the modules of the groups of their
    approved registrations. One per person and year."""

    individual = models.ForeignKey("crd.Individual", on_delete=models.CASCADE, related_name="learning_plans")
    ce_year = models.ForeignKey(CEYear, on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.CE_REQUIRED)
    satisfied_at = models.DateTimeField(null=True, blank=True)
    became_inactive_at = models.DateTimeField(null=True, blank=True, help_text="Set at year end when not satisfied.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-ce_year__year"]
        constraints = [
            models.UniqueConstraint(fields=["individual", "ce_year"], name="ce_one_plan_per_person_and_year"),
        ]
        indexes = [models.Index(fields=["ce_year", "status"])]

    def __str__(self):
        return f"Plan of {self.individual_id} for {self.ce_year_id} ({self.get_status_display()})"


class PlanModule(models.Model):
    """A module on a person's plan and their progress in it: `furthest_page` is the last page
    they moved on from (1-based; 0 = none), so they resume at the first page not yet seen."""

    plan = models.ForeignKey(LearningPlan, on_delete=models.CASCADE, related_name="plan_modules")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=ModuleStatus.choices, default=ModuleStatus.NOT_STARTED)
    furthest_page = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["module__group__position", "module__position", "module_id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "module"], name="ce_plan_module_unique"),
            models.CheckConstraint(
                name="ce_plan_module_completed_has_date",
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.module_id} on plan {self.plan_id} ({self.get_status_display()})"


class ModuleAnswer(models.Model):
    """A person's answer to one knowledge-check question of a module on their plan."""

    plan_module = models.ForeignKey(PlanModule, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="+")
    is_correct = models.BooleanField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan_module", "question"], name="ce_one_answer_per_question")]

    def __str__(self):
        return f"Answer to {self.question_id} ({'right' if self.is_correct else 'wrong'})"

    def clean(self):
        if self.option_id and self.question_id and self.option.question_id != self.question_id:
            raise ValidationError({"option": "That answer is not one of the options of this question."})


class PlanEvent(models.Model):
    """The audit trail of a plan: every assignment, start, completion, status change and fee."""

    plan = models.ForeignKey(LearningPlan, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=PlanEventKind.choices)
    detail = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["plan", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.detail}"


class RegulatoryElementFee(models.Model):
    """The $18 fee of one person's annual session, charged once to the firm that pays it
    (see ce.services.fee_payer). `flex_entry` is the firm's ledger line; a person with no
    firm has no payer and the row records that nobody was charged."""

    individual = models.ForeignKey("crd.Individual", on_delete=models.PROTECT, related_name="+")
    ce_year = models.ForeignKey(CEYear, on_delete=models.PROTECT, related_name="+")
    firm = models.ForeignKey("crd.Firm", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    amount_cents = models.PositiveIntegerField()
    flex_entry = models.OneToOneField("firmsettings.FlexFundingEntry", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Regulatory Element fee"
        constraints = [
            models.UniqueConstraint(fields=["individual", "ce_year"], name="ce_one_fee_per_person_and_year"),
        ]

    def __str__(self):
        return f"Fee of {self.individual_id} for {self.ce_year_id}: {self.amount_cents / 100:.2f}"


class CENotice(models.Model):
    """That a CE email of one kind went out to one person for one year (`kind` is a status
    change such as "satisfied", or "reminder_30" for the 30-days-before reminder). The unique
    constraint is what keeps a replayed job from sending anything twice."""

    individual = models.ForeignKey("crd.Individual", on_delete=models.CASCADE, related_name="+")
    ce_year = models.ForeignKey(CEYear, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    notification = models.ForeignKey("notifications.Notification", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "CE notice"
        constraints = [
            models.UniqueConstraint(fields=["individual", "ce_year", "kind"], name="ce_one_notice_per_kind_and_year"),
        ]

    def __str__(self):
        return f"{self.kind} to {self.individual_id} for {self.ce_year_id}"
