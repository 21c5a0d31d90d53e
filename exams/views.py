"""The person's exam pages. Every window and appointment comes through a selector scoped to the
signed-in person (`individual=`), so another person's is a 404. Views parse input, call one
service, render."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from crd import selectors as crd_selectors
from crd.models import Individual

from . import selectors, services
from .calendar import appointment_calendar
from .choices import ACTIVE_WINDOW_STATUSES, AppointmentStatus, WindowStatus
from .forms import ExtensionForm, SessionSearchForm, add_validation_errors
from .models import ExamSession, ExtensionRequest

PAGE_SIZE = 20


def _individual(request) -> Individual | None:
    individual_id = crd_selectors.verified_individual_id(request.user)
    return Individual(pk=individual_id) if individual_id else None


def _required_individual(request) -> Individual:
    individual = _individual(request)
    if individual is None:
        raise Http404("No CRD record for this account.")
    return individual


def _own_window(request, pk: int):
    return get_object_or_404(selectors.windows_for(individual=_required_individual(request)), pk=pk)


def _own_appointment(request, pk: int):
    return get_object_or_404(selectors.appointments_for(individual=_required_individual(request)), pk=pk)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _extension_of(window):
    try:
        return window.extension_request
    except ExtensionRequest.DoesNotExist:
        return None


def _may_ask_extension(window, today) -> bool:
    asked = _extension_of(window) is not None
    first_day = window.closes_on - dt.timedelta(days=settings.EXAM_EXTENSION_ASK_DAYS - 1)
    return window.status == WindowStatus.OPEN and not asked and first_day <= today <= window.closes_on


@never_cache
@login_required
def overview(request):
    individual = _individual(request)
    windows = list(selectors.windows_for(individual=individual)) if individual else []
    today, now = timezone.localdate(), timezone.now()
    rows = []
    for window in windows:
        booked = window.booked[0] if window.booked else None
        rows.append({
            "window": window, "booked": booked,
            "when": services.session_label(booked.session) if booked else "",
            "may_change": booked is not None and selectors.may_change(booked, now=now),
            "cutoff": selectors.change_cutoff(booked.session) if booked else None,
            "may_ask_extension": _may_ask_extension(window, today),
            "extension": _extension_of(window),
        })
    sie_active = any(w.exam.code == services.SIE_CODE and w.status in ACTIVE_WINDOW_STATUSES for w in windows)
    return render(request, "exams/overview.html", {
        "rows": rows, "has_record": individual is not None,
        "may_open_sie": individual is not None and not sie_active
        and not selectors.sie_still_valid(individual=individual, today=today),
        "Status": WindowStatus, "today": today, "window_days": settings.EXAM_WINDOW_DAYS,
        "cutoff_days": settings.EXAM_CANCEL_CUTOFF_BUSINESS_DAYS,
    })


@login_required
@require_POST
def sie_open(request):
    individual = _required_individual(request)
    try:
        window = services.sie_window_open(individual=individual)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("exams:overview")
    messages.success(request, f"You are enrolled in the SIE. Schedule it by "
                              f"{date_format(window.closes_on, 'SHORT_DATE_FORMAT')}.")
    return redirect("exams:sessions", pk=window.pk)


@never_cache
@login_required
def sessions(request, pk: int):
    """Search sessions with a free seat inside the window, by ZIP or state and dates; book one
    (or, with an appointment already booked, move it there)."""
    window = _own_window(request, pk)
    if window.status not in ACTIVE_WINDOW_STATUSES:
        messages.info(request, f"This window is {window.get_status_display()}: there is nothing to schedule.")
        return redirect("exams:overview")
    booked = window.booked[0] if window.booked else None
    if booked is not None and not selectors.may_change(booked):
        messages.info(request, "Your appointment can no longer be changed.")
        return redirect("exams:overview")
    form = SessionSearchForm(request.GET or None)
    page, searched = None, False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if not data["zip_code"] and not data["state"]:
            form.add_error("zip_code", "Enter a ZIP code or choose a state.")
        else:
            searched = True
            found = selectors.sessions_for_window(window=window, search=selectors.SessionSearch(**data))
            page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"session": s, "when": services.session_label(s)} for s in page if selectors.session_in_window(s, window)
            ] if page else []
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "exams/sessions.html", {
        "window": window, "booked": booked, "form": form, "page": page, "rows": rows, "searched": searched,
        "query": query.urlencode(), "booked_when": services.session_label(booked.session) if booked else "",
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def book(request, pk: int):
    window = _own_window(request, pk)
    back = reverse("exams:sessions", args=[window.pk]) + (f"?{request.POST['query']}" if request.POST.get("query")
                                                           else "")
    session_id = request.POST.get("session", "")
    session = ExamSession.objects.filter(pk=session_id).first() if session_id.isdigit() else None
    if session is None:
        messages.error(request, "Choose a session.")
        return redirect(back)
    booked = window.booked[0] if window.booked else None
    try:
        if booked is not None:
            appointment = services.appointment_reschedule(appointment=booked, session=session, user=request.user)
        else:
            appointment = services.appointment_book(window=window, session=session, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(back)
    verb = "moved to" if booked is not None else "booked for"
    messages.success(request, f"Your {window.exam.name} exam is {verb} {services.session_label(appointment.session)}"
                              f" at {appointment.session.center.name}. We emailed you a confirmation.")
    return redirect("exams:overview")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk: int):
    appointment = _own_appointment(request, pk)
    if appointment.status != AppointmentStatus.BOOKED:
        raise Http404("This appointment is not booked.")
    if request.method == "POST":
        try:
            services.appointment_cancel(appointment=appointment, user=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Your appointment is cancelled. Your window is open again: you may book "
                                      "another seat before it closes.")
        return redirect("exams:overview")
    return render(request, "exams/cancel.html", {
        "appointment": appointment, "when": services.session_label(appointment.session),
        "may_change": selectors.may_change(appointment), "cutoff": selectors.change_cutoff(appointment.session)})


@login_required
def ics(request, pk: int):
    appointment = _own_appointment(request, pk)
    response = HttpResponse(appointment_calendar(appointment=appointment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="exam-appointment-{appointment.pk}.ics"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def extension(request, pk: int):
    window = _own_window(request, pk)
    form = ExtensionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_request(window=window, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "We received your request. Support will answer by email.")
            return redirect("exams:overview")
    return render(request, "exams/extension.html", {"window": window, "form": form},
                  status=400 if form.errors else 200)
