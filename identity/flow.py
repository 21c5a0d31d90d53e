"""The verification flow, described as data (after pretix's checkoutflow and Login.gov's
flow_policy): an ordered list of steps, each with a precondition (`is_applicable`) and a
completion test (`is_completed`). The one dispatcher view (views.flow) shows the first
applicable step that is not completed; any other step's URL redirects there, so nobody
skips ahead, and because state lives in the database the person resumes where they left
off after signing in again. Going back ("Choose another way") clears later steps' data.
"""

from dataclasses import dataclass
from functools import cached_property

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from . import selectors, services
from .choices import (
    PASSCODE_MAX_WRONG,
    PASSCODE_METHODS,
    SEND_MIN_INTERVAL,
    USER_ATTEMPTS,
    FailureReason,
    LockScope,
    Method,
    Outcome,
)
from .forms import OptionsForm, PasscodeForm, QuestionsForm
from .models import Attempt, VerificationCase


@dataclass
class FlowState:
    """What the steps look at, loaded once per request."""

    user: object

    @cached_property
    def case(self) -> VerificationCase | None:
        return selectors.case_for(user=self.user)

    @cached_property
    def lockouts(self):
        return selectors.lockouts_in_force(user=self.user)

    @cached_property
    def options(self) -> selectors.Options:
        return selectors.options_for(user=self.user)

    @cached_property
    def attempt(self) -> Attempt | None:
        return selectors.pending_attempt(user=self.user)

    @cached_property
    def last_attempt(self) -> Attempt | None:
        return Attempt.objects.filter(user=self.user).exclude(method=Method.MANUAL).first()

    @property
    def method(self) -> str:
        return self.case.method if self.case else ""


class Step:
    slug = ""
    template = ""
    title = ""

    def is_applicable(self, state: FlowState) -> bool:
        return True

    def is_completed(self, state: FlowState) -> bool:
        return False

    def url(self) -> str:
        return reverse("identity:step", args=[self.slug])

    def context(self, request, state: FlowState) -> dict:
        return {}

    def post(self, request, state: FlowState):
        """Handle the step's form; return a response to send, or None to re-render the step
        (with `self.form` set by the handler)."""
        return redirect("identity:start")


class NoRecordStep(Step):
    slug, template, title = "no-record", "identity/no_record.html", "Nothing to verify"

    def is_applicable(self, state):
        return state.user.individual_id is None


class LockedStep(Step):
    slug, template, title = "locked", "identity/locked.html", "Verification is paused"

    def is_applicable(self, state):
        return bool(state.lockouts)

    def context(self, request, state):
        until = max(lock.until for lock in state.lockouts)
        scopes = {lock.scope for lock in state.lockouts}
        return {"until": until, "passcode_only": scopes == {LockScope.PASSCODE}, "last": state.last_attempt}


class StartStep(Step):
    slug, template, title = "start", "identity/start.html", "Verify your identity"

    def url(self):
        return reverse("identity:start")

    def is_completed(self, state):
        return bool(state.case and state.case.started_at)

    def post(self, request, state):
        services.case_start(user=request.user)
        return redirect("identity:start")


class FailedStep(Step):
    slug, template, title = "failed", "identity/failed.html", "We could not verify your identity"

    def is_applicable(self, state):
        return bool(state.case and state.case.failed_at)

    def context(self, request, state):
        return {"last": state.last_attempt, "attempts_left": selectors.attempts_left(user=state.user),
                "attempts_allowed": USER_ATTEMPTS, "reasons": FailureReason}

    def post(self, request, state):
        services.case_retry(user=request.user)
        return redirect("identity:start")


class SupportStep(Step):
    slug, template, title = "support", "identity/support.html", "Call us to verify your identity"

    def is_applicable(self, state):
        return not state.options.any and not state.method


class OptionsStep(Step):
    slug, template, title = "options", "identity/options.html", "Choose how to verify"

    def is_completed(self, state):
        return bool(state.method and state.attempt)

    def context(self, request, state):
        form = getattr(self, "form", None) or OptionsForm(options=state.options)
        return {"form": form, "options": state.options, "attempts_left": selectors.attempts_left(user=state.user)}

    def post(self, request, state):
        self.form = OptionsForm(request.POST, options=state.options)
        if not self.form.is_valid():
            return None
        try:
            services.case_choose(user=request.user, method=self.form.cleaned_data["method"])
        except services.VerificationRefused as exc:
            messages.error(request, str(exc))
        return redirect("identity:start")


def _back(request):
    services.case_back_to_options(user=request.user)
    return redirect("identity:start")


class PasscodeStep(Step):
    slug, template, title = "passcode", "identity/passcode.html", "Enter your passcode"

    def is_applicable(self, state):
        return state.method in PASSCODE_METHODS

    def context(self, request, state):
        latest = services.passcode_latest(user=state.user, purpose="identity")
        attempt = state.attempt
        return {
            "form": getattr(self, "form", None) or PasscodeForm(),
            "attempt": attempt,
            "channel": state.method,
            "passcode": latest,
            "resend_at": latest.created_at + SEND_MIN_INTERVAL if latest else timezone.now(),
            "tries_left": PASSCODE_MAX_WRONG - (attempt.wrong_codes if attempt else 0),
        }

    def post(self, request, state):
        action = request.POST.get("action", "verify")
        if action == "back":
            return _back(request)
        if action in ("resend-sms", "resend-voice"):
            channel = Method.SMS if action == "resend-sms" else Method.VOICE
            try:
                services.passcode_resend(user=request.user, channel=channel)
                messages.success(request, "We sent a new passcode. Earlier passcodes no longer work.")
            except services.VerificationRefused as exc:
                messages.error(request, str(exc))
            return redirect("identity:start")
        self.form = PasscodeForm(request.POST)
        if not self.form.is_valid():
            return None
        try:
            result = services.passcode_submit(user=request.user, code=self.form.cleaned_data["code"])
        except services.VerificationRefused as exc:
            messages.error(request, str(exc))
            return redirect("identity:start")
        if result.outcome == Outcome.PASSED:
            return _verified(request)
        if result.outcome == Outcome.PENDING:
            self.form.add_error("code", result.message)
            state.__dict__.pop("attempt", None)  # reload the wrong-code count
            return None
        return redirect("identity:start")


class QuestionsStep(Step):
    slug, template, title = "questions", "identity/questions.html", "Answer questions about your history"

    def is_applicable(self, state):
        return state.method == Method.QUESTIONS

    def context(self, request, state):
        attempt = state.attempt
        questions = attempt.questions if attempt else []
        return {"form": getattr(self, "form", None) or QuestionsForm(questions=questions), "attempt": attempt}

    def post(self, request, state):
        if request.POST.get("action") == "back":
            return _back(request)
        attempt = state.attempt
        self.form = QuestionsForm(request.POST, questions=attempt.questions if attempt else [])
        if not self.form.is_valid():
            return None
        try:
            result = services.questions_submit(user=request.user, answers=self.form.answers())
        except services.VerificationRefused as exc:
            messages.error(request, str(exc))
            return redirect("identity:start")
        if result.outcome == Outcome.PASSED:
            return _verified(request)
        return redirect("identity:start")


def _verified(request):
    messages.success(request, "Your identity is verified. Your FinPro account is ready.")
    return redirect("dashboard")


# The flow. Order matters: the first applicable, uncompleted step is where the person is.
# Steps are instantiated per request (a step may hold the bound form it re-renders).
STEPS: list[type[Step]] = [
    NoRecordStep, LockedStep, StartStep, FailedStep, SupportStep, OptionsStep, PasscodeStep, QuestionsStep,
]
STEP_SLUGS = frozenset(step.slug for step in STEPS)


def current_step(state: FlowState) -> Step:
    for step_class in STEPS:
        step = step_class()
        if step.is_applicable(state) and not step.is_completed(state):
            return step
    raise LookupError("The identity flow has no step for this state.")  # QuestionsStep is always last
