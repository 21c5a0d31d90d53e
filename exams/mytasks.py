"""My Task list providers of exams: "Schedule your <exam> exam" for each Open window (due the
day it closes) and "Your <exam> exam appointment on …" for each upcoming appointment. Two queries,
none on the dashboard for a person without an open or scheduled window (the hint says so)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format

from crd.selectors import verified_individual_id
from finpro.mytasks import Task, hint

from . import selectors
from .choices import ACTIVE_WINDOW_STATUSES
from .models import ExamWindow
from .services import session_label


def hints(user) -> dict:
    return {"exams_active_window": Exists(ExamWindow.objects.filter(
        individual=OuterRef("pk"), status__in=ACTIVE_WINDOW_STATUSES))}


def tasks_for(user) -> list[Task]:
    individual_id = verified_individual_id(user)
    if individual_id is None or hint(user, "exams_active_window") is False:
        return []
    tasks = [
        Task(title=f"Schedule your {_short(w.exam)} exam",
             url=reverse("exams:sessions", args=[w.pk]), due_date=w.closes_on,
             detail=f"Your window closes on {date_format(w.closes_on, 'SHORT_DATE_FORMAT')}.",
             key=f"exams.schedule.{w.pk}")
        for w in selectors.open_windows_for(individual=individual_id)
    ]
    for a in selectors.upcoming_appointments_for(individual=individual_id):
        local = a.session.local_start
        tasks.append(Task(
            title=f"Your {_short(a.window.exam)} exam appointment on {date_format(local, 'SHORT_DATE_FORMAT')}",
            url=reverse("exams:overview"), due_date=local.date(),
            detail=f"{session_label(a.session)} at {a.session.center.name}.", key=f"exams.appointment.{a.pk}"))
    return tasks


def _short(exam) -> str:
    """ "Series 7" from "Series 7 — General Securities Representative"; "SIE" for the SIE."""
    return exam.name.split(" — ", 1)[0] if " — " in exam.name else exam.code
