"""The person's program pages: /programs/ (status, years left, this year's plan and fee, history),
then the enrollment flow Learn more → Continue → confirm the email (and, for an EVEP, the risk)
→ Save and continue → the fee. Every page is scoped to the signed-in person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from crd.models import Individual
from crd.selectors import verified_individual_id
from payments.forms import CardForm

from . import selectors, services
from .choices import EnrollmentStatus
from .forms import EnrollForm
from .models import Program


def _individual_id(request) -> int:
    individual_id = verified_individual_id(request.user)
    if individual_id is None:
        raise Http404("No CRD record for this account.")
    return individual_id


def _program(code: str) -> Program:
    return get_object_or_404(Program.objects.prefetch_related("categories"), code=code.upper())


def _errors_into(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@never_cache
def overview(request):
    individual_id = _individual_id(request)
    today = timezone.localdate()
    enrollments = {e.program_id: e for e in reversed(list(selectors.enrollments_for(individual=individual_id)))}
    rows = []
    for program in Program.objects.prefetch_related("categories"):
        enrollment = enrollments.get(program.pk)
        year = selectors.current_year(enrollment=enrollment, today=today) if enrollment else None
        rows.append({
            "program": program, "enrollment": enrollment, "year": year,
            "eligibility": None if enrollment and enrollment.status != EnrollmentStatus.AWAITING_PAYMENT
            else selectors._eligibility(program=program, individual=individual_id, today=today),
            "years_left": max(0, -(-(enrollment.ends_on - today).days // 365)) if enrollment else None,
            "events": list(enrollment.events.all())[:10] if enrollment else [],
        })
    return render(request, "programs/overview.html", {"rows": rows, "today": today})


@login_required
@never_cache
def learn_more(request, code: str):
    individual_id = _individual_id(request)
    program = _program(code)
    return render(request, "programs/learn_more.html", {
        "program": program, "eligibility": selectors._eligibility(program=program, individual=individual_id),
        "participants": selectors.participating_jurisdictions(program=program) if program.is_evep else []})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def enroll(request, code: str):
    individual_id = _individual_id(request)
    program = _program(code)
    eligibility = selectors._eligibility(program=program, individual=individual_id)
    form = EnrollForm(request.POST if request.method == "POST" else None, evep=program.is_evep,
                      initial={"email": request.user.email})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.enrollment_start(individual=Individual.objects.get(pk=individual_id), program=program,
                                      email=d["email"], email_confirmed=d["email_confirmed"],
                                      risk_acknowledged=d.get("risk_acknowledged", False), user=request.user)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            return redirect("programs:pay", code=program.code.lower())
    return render(request, "programs/enroll.html", {
        "program": program, "form": form, "eligibility": eligibility,
        "participants": selectors.participating_jurisdictions(program=program) if program.is_evep else []},
        status=400 if form.errors else 200)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def pay(request, code: str):
    individual_id = _individual_id(request)
    program = _program(code)
    enrollment = selectors.open_enrollment(individual=individual_id, program=program)
    if enrollment is None:
        return redirect("programs:enroll", code=program.code.lower())
    unpaid = enrollment.years.filter(fee_paid_at__isnull=True).first()
    if enrollment.status == EnrollmentStatus.ACTIVE and unpaid is None:
        messages.info(request, "No fee is due now.")
        return redirect("programs:overview")
    form = CardForm(request.POST or None)
    status, error = 200, ""
    if request.method == "POST":
        if form.is_valid():
            try:
                services.enrollment_pay(enrollment=enrollment, card=form.card(), user=request.user)
            except ValidationError as exc:
                error = f"{' '.join(exc.messages)} Nothing was charged and you are not enrolled yet: try another card."
                # The card number and code are never echoed back into the page.
                form = CardForm(initial={k: form.cleaned_data[k] for k in ("name", "exp_month", "exp_year")})
            else:
                messages.success(request, f"You are enrolled in the {program.name}. We emailed a confirmation.")
                return redirect("programs:overview")
        status = 400
    return render(request, "programs/pay.html", {"program": program, "enrollment": enrollment, "form": form,
                                                 "amount": program.fee_cents / 100, "error": error}, status=status)
