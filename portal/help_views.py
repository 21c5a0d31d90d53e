"""The help center at /help/: FAQ, one answer per link, search, announcements, firm resources.
Public pages: they answer the people who cannot sign in, too."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from finpro.markdown import render_markdown
from finpro.pdf import render_pdf

from . import guides, selectors, services


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
    """What each firm setting does; the report templates and their columns, from the reports
    catalog itself (so the page cannot drift from the product); the API and webhooks."""
    from finpro.events import FirmEvent
    from reports import catalog

    return render(request, "help/firms.html", {"active": "firms", "report_templates": catalog.templates().values(),
                                               "firm_events": [e.value for e in FirmEvent]})


@login_required
@require_POST
def announcement_dismiss(request, pk: int):
    announcement = get_object_or_404(selectors.announcements_published(), pk=pk)
    services.announcement_dismiss(user=request.user, announcement=announcement)
    dismissed = request.session.get(selectors.SESSION_DISMISSED)
    if dismissed is not None:  # the dashboard's copy of this person's dismissals
        request.session[selectors.SESSION_DISMISSED] = [*dismissed, announcement.pk]
    return redirect("dashboard")


def _guide_or_404(slug: str) -> guides.Guide:
    found = guides.guide(slug)
    if found is None:
        raise Http404
    return found


def _numbered_steps(guide: guides.Guide) -> list[tuple[int, str, str]]:
    return [(n, render_markdown(step.text), guide.screenshot(n)) for n, step in enumerate(guide.steps, start=1)]


@require_GET
def guide_list(request):
    return render(request, "help/guides.html", {"guides": guides.GUIDES, "active": "guides"})


@require_GET
def guide_page(request, slug: str):
    guide = _guide_or_404(slug)
    return render(request, "help/guide.html", {"guide": guide, "steps": _numbered_steps(guide), "active": "guides"})


@require_GET
def guide_pdf(request, slug: str):
    guide = _guide_or_404(slug)
    # WeasyPrint reads the pictures from disk (file: URIs), never through the web server.
    steps = [(n, html, (guides.GUIDES_DIR.parent / picture).as_uri()) for n, html, picture in _numbered_steps(guide)]
    document = render_pdf(template_name="pdf/guide.html", context={"guide": guide, "steps": steps},
                          filename=f"finpro-guide-{guide.slug}.pdf")
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response
