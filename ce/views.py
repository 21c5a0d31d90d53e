"""The rep's Regulatory Element pages (the plan, the module player) and the firm's CE view.
Thin: reads through ce.selectors scoped to the signed-in person or the firm, writes through
ce.services. Every page works without JavaScript (plain links and forms)."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from crd.selectors import verified_individual_id
from firmsettings.choices import MembershipRole
from firmsettings.selectors import settings_for
from firmsettings.views import _context as firm_context
from firmsettings.views import firm_view

from . import selectors, services
from .choices import ModuleStatus, PlanStatus
from .forms import FirmCEFilterForm, answers_from

FIRM_PAGE_SIZE = 25


def _individual_id(request) -> int:
    individual_id = verified_individual_id(request.user)
    if individual_id is None:
        raise Http404("No verified record.")
    return individual_id


def _resume_url(pm) -> str:
    page = selectors.resume_page(plan_module=pm)
    if page is None or pm.status == ModuleStatus.COMPLETED:
        return reverse("ce:check", args=[pm.pk])
    return reverse("ce:page", args=[pm.pk, page])


@login_required
@never_cache
def overview(request):
    """Current Annual Regulatory Element CE: each module with its status and a Launch button."""
    individual_id = _individual_id(request)
    today = timezone.localdate()
    plans = selectors.open_plans_for(individual=individual_id, today=today)
    due = {}
    for schedule in _schedules(individual_id, today):
        if schedule.due_date:
            due = {"firm": schedule.firm, "date": schedule.due_date}
            break
    from .iar_selectors import iar_ce_first_year

    first_iar_year = iar_ce_first_year(individual=individual_id)
    return render(request, "ce/overview.html", {
        "plans": plans, "today": today, "sro_due": selectors.sro_due_date(year=today.year), "firm_due": due,
        "iar_required": first_iar_year is not None and first_iar_year <= today.year,
    })


def _schedules(individual_id, today):
    from firmsettings.selectors import ce_schedule_for

    return ce_schedule_for(individual=individual_id, today=today)


@login_required
def launch(request, pk: int):
    """Launch or resume a module: to the first page not yet seen, or the knowledge check."""
    pm = selectors.plan_module_for(individual=_individual_id(request), pk=pk)
    return redirect(_resume_url(pm))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def page(request, pk: int, number: int):
    """One content page: "Page N of M", Back and Next. Next records the page as seen."""
    pm = selectors.plan_module_for(individual=_individual_id(request), pk=pk)
    content = selectors.module_page(plan_module=pm, number=number)
    if content is None:
        raise Http404("No such page.")
    if pm.status != ModuleStatus.COMPLETED and number > pm.furthest_page + 1:
        return redirect(_resume_url(pm))
    error = ""
    if request.method == "POST":
        try:
            services.module_page_advance(plan_module=pm, page=number, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if number < pm.page_count:
                return redirect("ce:page", pk=pm.pk, number=number + 1)
            return redirect("ce:check", pk=pm.pk)
    return render(request, "ce/page.html", {
        "pm": pm, "content": content, "number": number, "count": pm.page_count, "error": error,
        "progress_percent": round(100 * number / max(pm.page_count, 1)),
    }, status=400 if error else 200)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def check(request, pk: int):
    """The knowledge check. After it is answered: each answer marked right or wrong with the
    explanation. Refused until every page was seen."""
    pm = selectors.plan_module_for(individual=_individual_id(request), pk=pk)
    if pm.status != ModuleStatus.COMPLETED and selectors.resume_page(plan_module=pm) is not None:
        return redirect(_resume_url(pm))
    questions = selectors.check_questions(plan_module=pm)
    errors, chosen, status = {}, {}, 200
    if request.method == "POST":
        chosen = answers_from(request.POST)
        try:
            services.module_check_submit(plan_module=pm, answers=chosen, user=request.user)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            status = 400
        else:
            return redirect("ce:check", pk=pm.pk)
    answers = selectors.answers_for(plan_module=pm) if pm.status == ModuleStatus.COMPLETED else {}
    items = [{
        "question": q,
        "answer": answers.get(q.pk),
        "error": " ".join(errors.get(str(q.pk), [])),
        "chosen": str(chosen.get(q.pk, "")),
    } for q in questions]
    next_pm = None
    if pm.status == ModuleStatus.COMPLETED:
        next_pm = (pm.plan.plan_modules.exclude(status=ModuleStatus.COMPLETED)
                   .select_related("module").first())
    return render(request, "ce/check.html", {
        "pm": pm, "items": items, "completed": pm.status == ModuleStatus.COMPLETED,
        "general_error": " ".join(errors.get("__all__", [])), "next_pm": next_pm,
        "right": sum(1 for a in answers.values() if a.is_correct), "has_errors": bool(errors),
    }, status=status)


# --- The firm's CE view --------------------------------------------------------------------------------


def _firm_rows(request, firm):
    form = FirmCEFilterForm(request.GET or None)
    today = timezone.localdate()
    rows = selectors.firm_ce_roster(firm=firm, year=today.year, today=today, **form.filters())
    return form, rows, today


def _firm_due(firm, today):
    due = settings_for(firm=firm).ce_firm_due_date
    return due if due and due.year == today.year else None


@firm_view(MembershipRole.VIEWER)
def firm_ce(request, firm):
    """Each associated person's Regulatory Element status, modules done of total, the dates."""
    form, rows, today = _firm_rows(request, firm)
    page_obj = Paginator(rows, FIRM_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ce/firm_ce.html", firm_context(
        request, firm, form=form, page=page_obj, query=query.urlencode(), today=today,
        firm_due=_firm_due(firm, today), sro_due=selectors.sro_due_date(year=today.year),
        status_labels=dict(PlanStatus.choices),
    ))


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def firm_ce_csv_rows(rows, *, firm_due, sro_due):
    labels = dict(PlanStatus.choices)
    yield ["CRD#", "Last Name", "First Name", "Employee or Contractor", "Regulatory Element Status",
           "Modules Completed", "Modules Total", "CE Inactive Since", "IAR CE Credits", "Firm Due Date", "SRO Due Date"]
    for row in rows.iterator(chunk_size=1000):
        person = row.individual
        yield [person.crd_number, _cell(person.last_name), _cell(person.first_name), row.get_kind_display(),
               labels.get(row.plan_status, "No plan"), row.modules_done, row.modules_total, row.inactive_since or "",
               row.iar_credits or "",
               firm_due.strftime("%m/%d/%Y") if firm_due else "", sro_due.strftime("%m/%d/%Y")]


@firm_view(MembershipRole.VIEWER)
def firm_ce_csv(request, firm):
    _form, rows, today = _firm_rows(request, firm)
    writer = csv.writer(_Echo())
    body = firm_ce_csv_rows(rows, firm_due=_firm_due(firm, today), sro_due=selectors.sro_due_date(year=today.year))
    response = StreamingHttpResponse((writer.writerow(r) for r in body), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ce-{firm.crd_number}-{today:%Y%m%d}.csv"'
    response["Cache-Control"] = "no-store"
    return response


# --- IAR CE (the rep's side) ---------------------------------------------------------------------------


@login_required
@never_cache
def iar(request):
    """IAR CE: status for the year, credits by component, carry-forward and the transcript."""
    from . import iar_selectors

    individual_id = _individual_id(request)
    status = iar_selectors.iar_status_for(individual=individual_id)
    transcript = iar_selectors.transcript_for(individual=individual_id)
    eligibility = iar_selectors.carry_over_eligibility(individual=individual_id, year=status.year)
    return render(request, "ce/iar.html", {"status": status, "transcript": transcript, "eligibility": eligibility})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def iar_apply(request):
    """Apply the Regulatory Element to IAR CE Products and Practice ($18)."""
    from django.contrib import messages

    from . import iar_selectors, iar_services

    individual_id = _individual_id(request)
    eligibility = iar_selectors.carry_over_eligibility(individual=individual_id)
    error = ""
    if request.method == "POST":
        from crd.models import Individual

        try:
            outcome = iar_services.carry_over_request(individual=Individual.objects.get(pk=individual_id),
                                                      user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if outcome.carry_over.status == "applied":
                messages.success(request, "Your firm paid the $18 fee. The Regulatory Element now counts for "
                                          "your 6 Products and Practice credits.")
                return redirect("ce:iar")
            return redirect("ce:iar_pay")
    return render(request, "ce/iar_apply.html", {"eligibility": eligibility, "error": error},
                  status=400 if error else 200)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def iar_pay(request):
    """Pay the $18 with a card (the payment provider; the sandbox's test cards in development)."""
    from django.contrib import messages

    from payments.forms import CardForm

    from . import iar_services
    from .models import IarCeCarryOver

    individual_id = _individual_id(request)
    carry_over = (IarCeCarryOver.objects.filter(individual_id=individual_id, year=timezone.localdate().year,
                                                payment__isnull=False).select_related("payment").first())
    if carry_over is None:
        raise Http404("Nothing to pay.")
    if carry_over.status == "applied":
        return redirect("ce:iar")
    form = CardForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            outcome = iar_services.carry_over_pay(carry_over=carry_over, card=form.card())
            if outcome.carry_over.status == "applied":
                messages.success(request, "Payment received. The Regulatory Element now counts for your 6 Products "
                                          "and Practice credits.")
                return redirect("ce:iar")
            error = outcome.message or "The payment did not go through."
            # The card number and code are never echoed back into the page.
            form = CardForm(initial={k: form.cleaned_data[k] for k in ("name", "exp_month", "exp_year")})
        status = 400
    return render(request, "ce/iar_pay.html", {"form": form, "carry_over": carry_over, "error": error},
                  status=status)
