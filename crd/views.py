"""The rep's own CRD record: overview, one page per section, attestation, residential address,
PDF and calendar downloads. Thin: every read goes through crd.selectors scoped to the
signed-in person's verified Individual; every write through crd.services."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from . import selectors, services
from .calendar import deadlines_calendar
from .documents import record_pdf_bytes
from .forms import AttestationForm, ResidentialAddressForm
from .models import Individual


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    intro: str

    @property
    def template(self) -> str:
        """Every section is a table on the shared page, except CE, which has its own."""
        if self.slug == "continuing-education":
            return "record/section_continuing_education.html"
        return "record/section.html"

    @property
    def table_template(self) -> str:
        return f"record/_{self.slug.replace('-', '_')}_table.html"


SECTIONS = [
    Section("registrations", "Registrations", "Your registrations with self-regulatory organizations and states."),
    Section("qualifications", "Qualifications", "Qualification examinations you have taken and their results."),
    Section("continuing-education", "Continuing Education", "Regulatory Element status and due dates."),
    Section("employment", "Employment history", "The last ten years of employment and other activities."),
    Section("residences", "Residential history", "Addresses where you have lived."),
    Section("disclosures", "Disclosures", "Disclosure events reported on your record."),
]
SECTIONS_BY_SLUG = {s.slug: s for s in SECTIONS}


def _individual_id(request) -> int:
    """The signed-in person's Individual id; a 404 for anyone without a verified record."""
    individual_id = selectors.verified_individual_id(request.user)
    if individual_id is None:
        raise Http404("No verified record.")
    return individual_id


def _individual(request) -> Individual:
    return Individual.objects.get(pk=_individual_id(request))


def _no_store(response):
    response["Cache-Control"] = "no-store, private"
    return response


def _section_rows(slug, individual, request):
    if slug == "registrations":
        return list(selectors.registrations_for(individual=individual))
    if slug == "qualifications":
        return list(selectors.exam_results_for(individual=individual))
    if slug == "employment":
        return list(selectors.employment_history_for(individual=individual))
    if slug == "residences":
        return list(selectors.residence_history_for(individual=individual))
    if slug == "disclosures":
        return list(selectors.disclosures_for(individual=individual))
    return []


@login_required
@never_cache
@require_safe
def overview(request):
    _individual_id(request)
    facts = selectors.record_facts(user=request.user)
    return _no_store(render(request, "record/overview.html", {
        "facts": facts, "individual": facts.individual, "sections": SECTIONS, "active": "overview",
    }))


@login_required
@never_cache
@require_safe
def section(request, slug):
    _individual_id(request)
    current = SECTIONS_BY_SLUG[slug]
    context = {"sections": SECTIONS, "section": current, "active": slug}
    if slug == "continuing-education":
        facts = selectors.record_facts(user=request.user)
        context.update(facts=facts, individual=facts.individual)
    else:
        individual = _individual(request)
        context.update(individual=individual, rows=_section_rows(slug, individual, request))
    return _no_store(render(request, current.template, context))


@login_required
@never_cache
@require_safe
def attestation_history(request):
    _individual_id(request)
    facts = selectors.record_facts(user=request.user)
    return _no_store(render(request, "record/attestation_history.html", {
        "facts": facts, "individual": facts.individual, "sections": SECTIONS, "active": "attestation",
        "attestations": list(selectors.attestations_for(individual=facts.individual)),
    }))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def attest(request, firm_crd: int):
    individual = _individual(request)
    association = selectors.attestable_association(individual=individual, firm_crd_number=firm_crd)
    if association is None:
        raise Http404("This firm does not ask you to certify your record.")
    form = AttestationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attestation_record(
                individual=individual, firm=association.firm, answer=form.cleaned_data["answer"],
                comment=form.cleaned_data["comment"], user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Thank you. Your certification was sent to {association.firm.name}.")
            return redirect("record:attestation")
    reason = selectors.attestation_reason(
        association=association, changed_at=selectors.record_changed_at(individual=individual))
    return _no_store(render(request, "record/attest.html", {
        "individual": individual, "association": association, "firm": association.firm, "form": form,
        "reason": reason, "sections": SECTIONS, "active": "attestation",
    }))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def residential_address(request):
    individual = _individual(request)
    with_firm = bool(selectors.current_associations(individual=individual))
    initial = {f: getattr(individual, f) for f in ("address_line1", "address_line2", "city", "state", "postal_code")}
    form = ResidentialAddressForm(request.POST if request.POST.get("action") == "update" else None, initial=initial)
    if request.method == "POST" and not with_firm:
        try:
            if request.POST.get("action") == "confirm":
                services.individual_address_confirm(individual=individual, user=request.user)
                messages.success(request, "Thank you. Your residential address is confirmed.")
                return redirect("dashboard")
            if form.is_valid():
                services.individual_address_update(individual=individual, user=request.user, **form.cleaned_data)
                messages.success(request, "Your residential address is updated.")
                return redirect("dashboard")
        except ValidationError as exc:
            form.add_error(None, exc)
    return _no_store(render(request, "record/address.html", {
        "individual": individual, "form": form, "with_firm": with_firm, "sections": SECTIONS, "active": "address",
    }))


@login_required
@never_cache
@require_safe
def record_pdf(request):
    individual_id = _individual_id(request)
    document = record_pdf_bytes(individual_id=individual_id, now=timezone.now())
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["X-Document-Fingerprint"] = document.fingerprint
    return _no_store(response)


@login_required
@never_cache
@require_safe
def deadlines_ics(request):
    _individual_id(request)
    facts = selectors.record_facts(user=request.user)
    response = HttpResponse(deadlines_calendar(facts=facts), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="finpro-deadlines.ics"'
    return _no_store(response)


@login_required
@never_cache
@require_safe
def activity(request):
    """Who viewed or changed the person's record (crd.activity)."""
    from .activity import activity_for

    _individual_id(request)
    facts = selectors.record_facts(user=request.user)
    return _no_store(render(request, "record/activity.html", {
        "facts": facts, "individual": facts.individual, "sections": SECTIONS, "active": "activity",
        "entries": activity_for(individual=facts.individual),
        "years": settings.RECORD_ACTIVITY_YEARS,
    }))
