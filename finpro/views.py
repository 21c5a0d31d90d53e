"""The portal shell: home, dashboard, error pages, health."""

from django.shortcuts import render
from health_check.views import HealthCheckView


def home(request):
    """Anonymous visitors see the product's front page; signed-in users their dashboard."""
    if request.user.is_authenticated:
        return dashboard(request)
    return render(request, "home.html")


def dashboard(request):
    return render(request, "dashboard.html")


class HealthView(HealthCheckView):
    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "finpro.health.Broker",
    )


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_500(request):
    reference = getattr(request, "error_reference", "")
    return render(request, "errors/500.html", {"reference": reference}, status=500)
