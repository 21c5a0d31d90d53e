"""Form U5 pages. The firm's pages get their firm through firmsettings' `firm_view` (another
firm's filing is a 404, a viewer posting is a 403); filing and amending are signed (8A) after
re-authentication, as the person signs a Form U4. The person's pages get their filings through
`selectors.filings_for_individual`, so another person's U5 is a 404."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from crd import selectors as crd_selectors
from firmsettings.choices import MembershipRole, role_allows
from firmsettings.views import FORM, _context, firm_view

from . import selectors, services
from .choices import FILING_DEADLINE_DAYS, FilingKind, Question
from .forms import AmendmentForm, FilingForm, PersonForm, answers_of, drps_of, initial_from

LIST_PAGE_SIZE = 25


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _address(data) -> services.Address:
    return services.Address(**{k: data.get(k) or "" for k in ("address_line1", "address_line2", "city", "state",
                                                                "postal_code")}, country=data.get("country") or "US")


def _ack(data) -> services.Acknowledgment:
    return services.Acknowledgment(name=data["acknowledgment_name"], acknowledged=bool(data["acknowledge"]))


def _question_rows(form):
    return [{"q": form[f"q{q}"], "date": form[f"drp{q}_date"], "summary": form[f"drp{q}_summary"]}
            for q in Question.values if f"q{q}" in form.fields]


# --- The firm's pages -----------------------------------------------------------------------


@firm_view(MembershipRole.VIEWER)
def firm_list(request, firm):
    page = Paginator(selectors.filings_for_firm(firm=firm), LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "u5/firm_list.html", _context(
        request, firm, page=page, deadline_days=FILING_DEADLINE_DAYS, person_form=PersonForm(),
        can_file=role_allows(request.firm_membership.role, MembershipRole.COMPLIANCE)))


@firm_view(MembershipRole.COMPLIANCE, methods=FORM)
def firm_create(request, firm):
    """Choose the person by CRD#: only someone currently associated with the firm."""
    form = PersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        crd_number = form.cleaned_data["crd_number"]
        if selectors.associated_individual(firm=firm, crd_number=crd_number) is None:
            form.add_error("crd_number", "This person is not currently associated with your firm: "
                                         "you can file a Form U5 only for a person who is.")
        else:
            return redirect("firm:u5_file", crd_number=firm.crd_number, person_crd_number=crd_number)
    return render(request, "u5/firm_create.html", _context(request, firm, form=form),
                  status=400 if form.errors else 200)


@firm_view(MembershipRole.COMPLIANCE, methods=FORM)
def firm_file(request, firm, person_crd_number: int):
    individual = selectors.associated_individual(firm=firm, crd_number=person_crd_number)
    if individual is None:
        raise Http404("This person is not currently associated with your firm.")
    return _file_page(request, firm, individual)


@never_cache
@reauthentication_required
def _file_page(request, firm, individual):
    sros, places = services.partial_choices(individual=individual, firm=firm)
    initial = {k: getattr(individual, k) for k in ("address_line1", "address_line2", "city", "state", "postal_code",
                                                   "country")}
    form = FilingForm(request.POST if request.method == "POST" else None, sros=sros, jurisdictions=places,
                      initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        full = d["kind"] == FilingKind.FULL
        termination = services.Termination(
            termination_date=d["termination_date"], reason=d["reason"] if full else "",
            reason_explanation=d["reason_explanation"] if full else "",
            partial_sros=[] if full else d["partial_sros"],
            partial_jurisdictions=[] if full else d["partial_jurisdictions"],
            affiliated_firm_names=d["affiliated_firm_names"] if full else "",
            answers=answers_of(d) if full else {}, drps=drps_of(d) if full else [])
        try:
            filing = services.filing_submit(firm=firm, individual=individual, kind=d["kind"], address=_address(d),
                                            termination=termination, acknowledgment=_ack(d), user=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Form U5 filed for {individual.full_name}. CRD is updated and we "
                                      f"emailed them that a new Form U5 is on file.")
            return redirect("firm:u5_detail", crd_number=firm.crd_number, pk=filing.pk)
    return render(request, "u5/firm_file.html", _context(
        request, firm, form=form, individual=individual, questions=_question_rows(form),
        registrations=list(services.open_registrations(individual=individual, firm=firm))),
        status=400 if form.errors else 200)


def _firm_filing(firm, pk):
    return get_object_or_404(selectors.filing_detail(selectors.filings_for_firm(firm=firm)), pk=pk)


@firm_view(MembershipRole.VIEWER)
def firm_detail(request, firm, pk: int):
    filing = _firm_filing(firm, pk)
    return render(request, "u5/firm_detail.html", _context(
        request, firm, filing=filing, **_detail_context(filing),
        can_amend=role_allows(request.firm_membership.role, MembershipRole.COMPLIANCE)))


@firm_view(MembershipRole.COMPLIANCE, methods=FORM)
def firm_amend(request, firm, pk: int):
    filing = _firm_filing(firm, pk)
    return _amend_page(request, firm, filing)


@never_cache
@reauthentication_required
def _amend_page(request, firm, filing):
    latest = filing.original.amendments.order_by("-filed_at", "-id").prefetch_related("drps").first() or filing.original
    partial = filing.original.kind == FilingKind.PARTIAL
    form = AmendmentForm(request.POST if request.method == "POST" else None, partial=partial,
                         initial=initial_from(latest))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        termination = services.Termination(
            termination_date=d["termination_date"], reason="" if partial else d["reason"],
            reason_explanation="" if partial else d["reason_explanation"],
            answers={} if partial else answers_of(d), drps=[] if partial else drps_of(d))
        try:
            amendment = services.amendment_submit(filing=filing, address=_address(d), termination=termination,
                                                  acknowledgment=_ack(d), user=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Amendment filed. We emailed the person that a new Form U5 is on file.")
            return redirect("firm:u5_detail", crd_number=firm.crd_number, pk=amendment.pk)
    return render(request, "u5/firm_amend.html", _context(
        request, firm, form=form, filing=filing.original, questions=_question_rows(form)),
        status=400 if form.errors else 200)


def _pdf_response(filing):
    from finpro.pdf import stored_pdf_response

    from .documents import filing_pdf

    return stored_pdf_response(stored=filing.pdf, render=lambda: filing_pdf(filing=filing),
                               filename=f"form-u5-{filing.pk}.pdf")


@firm_view(MembershipRole.VIEWER)
def firm_pdf(request, firm, pk: int):
    return _pdf_response(_firm_filing(firm, pk))


def _detail_context(filing):
    drps = {d.question: d for d in filing.drps.all()}
    return {
        "questions": [{"label": q.label, "answer": filing.disclosure_answers.get(q.value, ""),
                       "drp": drps.get(q.value)} for q in Question],
        "ended": list(filing.registrations.all()),
    }


# --- The person's pages ---------------------------------------------------------------------


def _individual_id(request) -> int:
    individual_id = crd_selectors.verified_individual_id(request.user)
    if individual_id is None:
        raise Http404("No CRD record for this account.")
    return individual_id


def _own_filing(request, pk):
    return get_object_or_404(selectors.filing_detail(
        selectors.filings_for_individual(individual=_individual_id(request))), pk=pk)


@login_required
def rep_list(request):
    individual_id = crd_selectors.verified_individual_id(request.user)
    filings = selectors.filings_for_individual(individual=individual_id) if individual_id else []
    page = Paginator(filings, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    until = selectors.address_current_until(individual=individual_id) if individual_id else None
    return render(request, "u5/rep_list.html", {"page": page, "address_until": until})


@never_cache
@login_required
def rep_detail(request, pk: int):
    filing = _own_filing(request, pk)
    return render(request, "u5/rep_detail.html", {"filing": filing, **_detail_context(filing),
                                                  "pdf_url": reverse("u5:pdf", args=[filing.pk])})


@login_required
def rep_pdf(request, pk: int):
    return _pdf_response(_own_filing(request, pk))
