"""The help center at /help/: FAQ, one answer per link, search, announcements, firm resources.
Public pages: they answer the people who cannot sign in, too."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from finpro.markdown import render_markdown

from . import selectors, services


@require_GET
def help_home(request):
    return render(request, "help/home.html", {"sections": selectors.faq_sections(), "active": "faq"})


@require_GET
def faq_entry(request, slug: str):
    answer = selectors.faq_answer(slug=slug)
    if answer is None:
        raise Http404
    return render(request, "help/faq_entry.html", {"answer": answer, "active": "faq"})


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()
    results = selectors.help_search(query=query) if query else []
    return render(request, "help/search.html", {"query": query, "results": results, "active": "faq"})


@require_GET
def announcements(request):
    rows = [(a, render_markdown(a.body)) for a in selectors.announcements_published()[:100]]
    return render(request, "help/announcements.html", {"announcements": rows, "active": "announcements"})


@require_GET
def firm_resources(request):
    return render(request, "help/firms.html", {"active": "firms"})


@login_required
@require_POST
def announcement_dismiss(request, pk: int):
    announcement = get_object_or_404(selectors.announcements_published(), pk=pk)
    services.announcement_dismiss(user=request.user, announcement=announcement)
    return redirect("dashboard")
