"""The portal shell: home, dashboard, status, error pages, health."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from health_check.views import HealthCheckView

from ce.selectors import ce_status_for_user
from crd.selectors import record_facts
from finpro.mytasks import Urgency

from . import status, tasklist
from .selectors import dashboard_announcement

URGENCY_BADGES = {
    Urgency.OVERDUE: ("Overdue", "badge-overdue"),
    Urgency.DUE_SOON: ("Due soon", "badge-soon"),
    Urgency.NO_DUE_DATE: ("To do", "badge-neutral"),
    Urgency.COMING_UP: ("Coming up", "badge-info"),
}


def home(request):
    """Anonymous visitors see the product's front page; signed-in users their dashboard."""
    if request.user.is_authenticated:
        return dashboard(request)
    return render(request, "home.html")


def landing_for(user) -> str | None:
    """Where a user without a CRD record works: the firm section (one firm: straight to it;
    several: the chooser) or, for support staff, the admin. None: the dashboard is theirs."""
    from firmsettings.selectors import has_membership

    if user.individual_id is not None:
        return None
    if has_membership(user=user):
        return "firm:switch"
    if user.is_staff:
        return "admin:index"
    return None


def _program_reminders(facts):
    """The Reminders banners of MQP and EVEP (programs owns the rule; no query for most people)."""
    from programs.selectors import reminders_for

    return reminders_for(facts=facts)


@login_required
@never_cache
def dashboard(request):
    """My Task list (every app's providers, most urgent first), Summary and Details. People
    without a CRD record land where their work is instead."""
    landing = landing_for(request.user)
    if landing:
        return redirect(landing)
    tasks = [
        {"task": task, "label": URGENCY_BADGES[urgency][0], "badge": URGENCY_BADGES[urgency][1]}
        for task, urgency in tasklist.tasks_for(request.user)
    ]
    facts = record_facts(user=request.user)
    ce_status = ce_status_for_user(user=request.user) if facts else None
    announcement = dashboard_announcement(user=request.user, session=request.session)
    response = render(request, "dashboard.html", {"tasks": tasks, "facts": facts, "ce_status": ce_status,
                                                  "announcement": announcement,
                                                  "program_reminders": _program_reminders(facts)})
    response["Cache-Control"] = "no-store, private"
    return response


def status_page(request):
    """System Status: the current state and scheduled maintenance messages (support edits them)."""
    return render(request, "status.html", {
        "system": status.current_status(),
        "maintenance": status.maintenance(),
        "status_messages": status.status_messages(),
    })


class HealthView(HealthCheckView):
    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "portal.health.Broker",
    )


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_500(request):
    reference = getattr(request, "error_reference", "")
    return render(request, "errors/500.html", {"reference": reference}, status=500)
