"""Form U4 pages. Firm pages get their firm through firmsettings' `firm_view` (another firm's
filing is a 404, a viewer posting is a 403); the person's pages get their filing through
`selectors.filings_for_individual`. Views parse input, call one service, render."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from crd import selectors as crd_selectors
from firmsettings.choices import MembershipRole, role_allows
from firmsettings.views import FORM, _context, firm_view

from . import sections as u4_sections
from . import selectors, services
from .checks import filing_check
from .choices import CONSENT_VERSION, FIRM_EDITABLE_STATUSES, FilingKind, FilingStatus, Section
from .forms import AcknowledgeForm, AmendmentForm, CreateFilingForm, FilingFilterForm, RepEditsForm, SignForm

LIST_PAGE_SIZE = 25


def _filing(firm, pk):
    return get_object_or_404(selectors.filings_for_firm(firm=firm), pk=pk)


def _can_change(request) -> bool:
    return role_allows(request.firm_membership.role, MembershipRole.COMPLIANCE)


def _refuse_viewer(request):
    if not _can_change(request):
        raise PermissionDenied("Viewers cannot change a filing.")


def _errors_to_messages(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _errors_to_form(form, exc: ValidationError):
    """A service's refusal next to the fields it names (or above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _detail(firm, filing):
    return redirect("firm:u4_detail", crd_number=firm.crd_number, pk=filing.pk)


def _section_views(filing, check, *, mask_dob=False):
    return [
        {"key": key, "label": spec.label, "complete": key in check.complete_sections,
         "open_to_rep": key in filing.rep_sections,
         "display": u4_sections.display(key, filing.section(key), mask_dob=mask_dob)}
        for key, spec in u4_sections.SPECS.items()
    ]


# --- The firm's pages -----------------------------------------------------------------------


@firm_view(MembershipRole.VIEWER)
def firm_list(request, firm):
    form = FilingFilterForm(request.GET or None)
    filters = selectors.FilingFilters(**form.cleaned_data) if form.is_valid() else selectors.FilingFilters()
    page = Paginator(selectors.filings_for_firm(firm=firm, filters=filters), LIST_PAGE_SIZE).get_page(
        request.GET.get("page"))
    rows = [{"filing": f, "progress": len(f.complete_sections), "overdue": bool(
                f.due_date and f.status != FilingStatus.SUBMITTED and f.due_date < timezone.localdate()),
             "open_sections": ", ".join(Section(s).label.split(" ", 1)[0] for s in f.rep_sections)} for f in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "u4/firm_list.html", _context(
        request, firm, form=form, page=page, rows=rows, query=query.urlencode(), section_count=len(u4_sections.SPECS),
    ))


@firm_view(MembershipRole.COMPLIANCE, methods=FORM)
def firm_create(request, firm):
    form = CreateFilingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["person"] == "existing":
                individual = crd_selectors.individual_lookup(crd_number=data["crd_number"], ssn=data["ssn"])
                if individual is None:
                    field = "crd_number" if data["crd_number"] else "ssn"
                    raise ValidationError({field: "No person in CRD has this CRD# or SSN. "
                                                  "Check it, or start a filing for a new person."})
                filing = services.filing_create(firm=firm, user=request.user, individual=individual,
                                                association_kind=data["association_kind"],
                                                origin=services.Origin.of(request))
            else:
                filing = services.filing_create(
                    firm=firm, user=request.user, first_name=data["first_name"], middle_name=data["middle_name"],
                    last_name=data["last_name"], ssn=data["ssn"], association_kind=data["association_kind"],
                    origin=services.Origin.of(request))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, f"Draft Form U4 for {filing.person_name} created.")
            return _detail(firm, filing)
    return render(request, "u4/firm_create.html", _context(request, firm, form=form),
                  status=400 if form.errors else 200)


@firm_view(MembershipRole.VIEWER)
def firm_detail(request, firm, pk: int):
    filing = _filing(firm, pk)
    if filing.individual_id:
        from crd.activity import activity_firm_view

        activity_firm_view(individual_id=filing.individual_id, firm=firm, user=request.user,
                           detail=f"Form U4 #{filing.pk}")
    check = filing_check(filing=filing)
    return render(request, "u4/firm_detail.html", _context(
        request, firm, filing=filing, check=check, sections=_section_views(filing, check, mask_dob=True),
        events=selectors.events_for(filing=filing)[:50], can_change=_can_change(request),
        can_edit_sections=filing.status in FIRM_EDITABLE_STATUSES,
        esignature_allowed=services.esignature_allowed(filing),
        rep_edits_form=RepEditsForm(initial={"sections": filing.rep_sections}), Status=FilingStatus,
        is_amendment=filing.kind == FilingKind.AMENDMENT,
        changed_labels=[Section(k).label for k in filing.changed_sections],
        can_amend=filing.status == FilingStatus.SUBMITTED and not filing.amendments.exclude(
            status=FilingStatus.SUBMITTED).exists(),
        # A disclosure change is submitted once acknowledged (or signed); other changes at once.
        can_submit_amendment=filing.kind == FilingKind.AMENDMENT and (
            filing.status in (FilingStatus.SIGNED, FilingStatus.ACKNOWLEDGED)
            or (filing.status in (FilingStatus.DRAFT, FilingStatus.RETURNED)
                and Section.DISCLOSURES not in filing.changed_sections)),
        has_rep_changes=filing.events.filter(action="section_saved", detail__by="rep").exists(),
    ))


def _section_page(request, *, filing, section, template, context, save, done):
    """GET: the section's form with the stored content. POST: save through `save(data, version)`;
    errors next to the fields, or both versions when someone else saved it meanwhile."""
    if section not in u4_sections.SPECS:
        raise Http404("No such section.")
    version = int(filing.section_versions.get(section, 0))
    bound, conflict, status = u4_sections.bind(section, content=filing.section(section)), None, 200
    if request.method == "POST":
        try:
            save(request.POST, request.POST.get("version", "-1"))
        except services.SectionInvalid as exc:
            bound, status = exc.bound, 400
        except services.SectionConflict as exc:
            bound, conflict, version, status = exc.bound, exc.current, exc.current_version, 409
        except ValidationError as exc:
            _errors_to_messages(request, exc)
            return done()
        else:
            messages.success(request, f"{Section(section).label} saved.")
            return done()
    return render(request, template, {
        **context, "filing": filing, "section": section, "section_label": Section(section).label, "bound": bound,
        "version": version, "conflict": conflict,
        "conflict_rows": _conflict_rows(section, conflict) if conflict is not None else None,
    }, status=status)


def _conflict_rows(section, content):
    """The saved version of a section as (label, value) pairs, to show beside the editor's."""
    spec = u4_sections.SPECS[section]
    rows = []
    if spec.form is not None:
        form = spec.form()
        rows += [(form.fields[k].label if k in form.fields else k, v) for k, v in content.items() if k != "rows"]
    for i, row in enumerate(content.get("rows", []), start=1):
        rows.append((f"Row {i}", "; ".join(f"{v}" for v in row.values() if v not in (None, ""))))
    return rows


@firm_view(MembershipRole.VIEWER, methods=FORM)
def firm_section(request, firm, pk: int, section: str):
    filing = _filing(firm, pk)
    if request.method == "POST":
        _refuse_viewer(request)

    def save(data, version):
        services.filing_section_save(filing=filing, section=section, data=data, expected_version=int(version),
                                     user=request.user, origin=services.Origin.of(request))

    return _section_page(request, filing=filing, section=section, template="u4/firm_section.html",
                         context=_context(request, firm, readonly=filing.status not in FIRM_EDITABLE_STATUSES
                                          or not _can_change(request), cancel_url=reverse(
                                              "firm:u4_detail", kwargs={"crd_number": firm.crd_number, "pk": pk})),
                         save=save, done=lambda: _detail(firm, filing))


def _confirm(request, firm, pk, action):
    """The page a move's button posts from, when opened directly (no change on GET)."""
    filing = _filing(firm, pk)
    return render(request, "u4/firm_confirm.html", _context(
        request, firm, filing=filing, action=action, esignature_allowed=services.esignature_allowed(filing)))


def _firm_move(request, firm, pk, move, success):
    filing = _filing(firm, pk)
    try:
        move(filing)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, success)
    return _detail(firm, filing)


@firm_view(MembershipRole.COMPLIANCE, methods=FORM)
def firm_rep_edits(request, firm, pk: int):
    filing = _filing(firm, pk)
    form = RepEditsForm(request.POST if request.method == "POST" else None, initial={"sections": filing.rep_sections})
    if request.method == "POST" and form.is_valid():
        try:
            services.filing_allow_rep_edits(filing=filing, sections=form.cleaned_data["sections"],
                                            user=request.user, origin=services.Origin.of(request))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"{len(form.cleaned_data['sections'])} sections opened to "
                                      f"{filing.person_name}. We emailed them.")
            return _detail(firm, filing)
    return render(request, "u4/firm_rep_edits.html", _context(request, firm, filing=filing, form=form),
                  status=400 if form.errors else 200)


@firm_view(MembershipRole.COMPLIANCE, methods=FORM)
def firm_withdraw_rep_edits(request, firm, pk: int):
    if request.method == "GET":
        return _confirm(request, firm, pk, "withdraw")
    return _firm_move(request, firm, pk, lambda f: services.filing_withdraw_rep_edits(
        filing=f, user=request.user, origin=services.Origin.of(request)), "Rep edits withdrawn.")


@firm_view(MembershipRole.VIEWER)
def firm_check(request, firm, pk: int):
    filing = _filing(firm, pk)
    return render(request, "u4/firm_check.html", _context(request, firm, filing=filing,
                                                          check=filing_check(filing=filing)))


@firm_view(MembershipRole.COMPLIANCE, methods=FORM)
def firm_signature(request, firm, pk: int):
    """POST how=esign sends for e-signature; how=wet records the firm's wet signature."""
    if request.method == "GET":
        return _confirm(request, firm, pk, "signature")
    origin = services.Origin.of(request)
    if request.POST.get("how") == "wet":
        return _firm_move(request, firm, pk, lambda f: services.filing_record_wet_signature(
            filing=f, user=request.user, origin=origin), "Wet signature recorded. The filing is ready to submit.")
    return _firm_move(request, firm, pk, lambda f: services.filing_send_for_signature(
        filing=f, user=request.user, origin=origin), "Sent for e-signature. We emailed the person.")


@firm_view(MembershipRole.COMPLIANCE, methods=FORM)
def firm_stop_signing(request, firm, pk: int):
    if request.method == "GET":
        return _confirm(request, firm, pk, "stop")
    return _firm_move(request, firm, pk, lambda f: services.filing_stop_signing(
        filing=f, user=request.user, origin=services.Origin.of(request)),
        "Signing stopped: the filing is a Draft again.")


@firm_view(MembershipRole.COMPLIANCE, methods=FORM)
def firm_submit(request, firm, pk: int):
    """GET: the final reminder (sensitive-data warnings) before submitting. POST: submit."""
    filing = _filing(firm, pk)
    if request.method == "POST":
        return _firm_move(request, firm, pk, lambda f: services.filing_submit(
            filing=f, user=request.user, origin=services.Origin.of(request)),
            "Form U4 amendment submitted. CRD is updated." if filing.kind == FilingKind.AMENDMENT
            else "Form U4 submitted. CRD is updated.")
    return render(request, "u4/firm_submit.html", _context(
        request, firm, filing=filing, check=filing_check(filing=filing),
        changed_labels=[Section(k).label for k in filing.changed_sections]))


def _comparisons(pairs, *, mask_dob):
    return [{"key": key, "label": Section(key).label,
             "compare": u4_sections.compare(key, before, now, mask_dob=mask_dob)} for key, before, now in pairs]


@firm_view(MembershipRole.VIEWER)
def firm_changes(request, firm, pk: int):
    """Side by side, section by section: what the person changed (before their first edit vs
    now) and, for an amendment, what it changes from the filing it amends."""
    filing = _filing(firm, pk)
    rep_before = selectors.rep_changes_for(filing=filing)
    by_person = _comparisons([(k, rep_before[k], filing.section(k)) for k in u4_sections.SPECS if k in rep_before],
                             mask_dob=True)
    by_amendment = []
    if filing.kind == FilingKind.AMENDMENT:
        base = filing.amends
        by_amendment = _comparisons([(k, base.section(k), filing.section(k)) for k in filing.changed_sections],
                                    mask_dob=True)
    return render(request, "u4/firm_changes.html", _context(
        request, firm, filing=filing, by_person=by_person, by_amendment=by_amendment))


@firm_view(MembershipRole.COMPLIANCE, methods=FORM)
def firm_amend(request, firm, pk: int):
    """Start an amendment of a submitted filing."""
    filing = _filing(firm, pk)
    form = AmendmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.amendment_create(
                filing=filing, user=request.user, facts_date=form.cleaned_data["facts_date"],
                statutory_disqualification=form.cleaned_data["statutory_disqualification"],
                origin=services.Origin.of(request))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, f"Amendment started, due {amendment.due_date:%m/%d/%Y}. Edit the sections "
                                      "that change.")
            return _detail(firm, amendment)
    return render(request, "u4/firm_amend.html", _context(request, firm, filing=filing, form=form),
                  status=400 if form.errors else 200)


@firm_view(MembershipRole.COMPLIANCE, methods=FORM)
def firm_request_acknowledgment(request, firm, pk: int):
    if request.method == "GET":
        return _confirm(request, firm, pk, "acknowledge")
    return _firm_move(request, firm, pk, lambda f: services.amendment_request_acknowledgment(
        filing=f, user=request.user, origin=services.Origin.of(request)),
        "Sent to the person to acknowledge. We emailed them.")


# --- The person's pages ---------------------------------------------------------------------


def _individual(request):
    individual_id = crd_selectors.verified_individual_id(request.user)
    if individual_id is None:
        raise Http404("No CRD record for this account.")
    return request.user.individual


def _own_filing(request, pk):
    return get_object_or_404(selectors.filings_for_individual(individual=_individual(request)), pk=pk)


@login_required
def rep_overview(request):
    individual_id = crd_selectors.verified_individual_id(request.user)
    filings = (selectors.filings_for_individual(individual=request.user.individual)
               if individual_id else [])
    return render(request, "u4/rep_overview.html", {"filings": filings, "Status": FilingStatus})


@never_cache
@login_required
def rep_entry(request, pk: int):
    """The data entry view: the sections open to the person are editable, the rest read-only."""
    filing = _own_filing(request, pk)
    check = filing_check(filing=filing)
    return render(request, "u4/rep_entry.html", {
        "filing": filing, "sections": _section_views(filing, check), "check": check,
        "editing": filing.status == FilingStatus.WITH_REP, "Status": FilingStatus,
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def rep_section(request, pk: int, section: str):
    filing = _own_filing(request, pk)
    if filing.status != FilingStatus.WITH_REP or section not in filing.rep_sections:
        raise Http404("This section is not open to you.")

    def save(data, version):
        services.filing_section_save(filing=filing, section=section, data=data, expected_version=int(version),
                                     user=request.user, by_rep=True, origin=services.Origin.of(request))

    return _section_page(request, filing=filing, section=section, template="u4/rep_section.html",
                         context={"readonly": False, "cancel_url": reverse("u4:entry", kwargs={"pk": pk})}, save=save,
                         done=lambda: redirect("u4:entry", pk=filing.pk))


@never_cache
@login_required
def rep_form_view(request, pk: int):
    """The whole filing, read-only, in the form's layout."""
    filing = _own_filing(request, pk)
    check = filing_check(filing=filing)
    return render(request, "u4/rep_form.html", {"filing": filing, "sections": _section_views(filing, check)})


@login_required
@require_POST
def rep_return(request, pk: int):
    filing = _own_filing(request, pk)
    try:
        services.filing_return_to_firm(filing=filing, user=request.user, origin=services.Origin.of(request))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
        return redirect("u4:entry", pk=filing.pk)
    messages.success(request, f"Your Form U4 is back with {filing.firm.name}.")
    return redirect("u4:overview")


@never_cache
@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def rep_sign(request, pk: int):
    """The read-only final version, the 15A consent, and the signature (after re-authentication)."""
    filing = _own_filing(request, pk)
    if filing.status != FilingStatus.AWAITING_SIGNATURE:
        messages.info(request, "This Form U4 is not waiting for your signature.")
        return redirect("u4:overview")
    form = SignForm(request.POST if request.method == "POST" else None,
                    initial={"signature_name": filing.individual.full_name})
    if request.method == "GET":
        services.filing_opened(filing=filing, user=request.user, origin=services.Origin.of(request))
    elif form.is_valid():
        try:
            services.filing_sign(filing=filing, user=request.user, signature_name=form.cleaned_data["signature_name"],
                                 consent=form.cleaned_data["consent"], origin=services.Origin.of(request))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, f"You signed your Form U4. It is back with {filing.firm.name}.")
            return redirect("u4:overview")
    check = filing_check(filing=filing)
    return render(request, "u4/rep_sign.html", {
        "filing": filing, "form": form, "sections": _section_views(filing, check),
        "consent_version": CONSENT_VERSION, "content_hash": services.content_hash(filing),
    }, status=400 if form.errors else 200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def rep_acknowledge(request, pk: int):
    """An amended disclosure shown to the person beside what was filed before, and their
    acknowledgment (instead of a new signature)."""
    filing = _own_filing(request, pk)
    if filing.status != FilingStatus.AWAITING_ACKNOWLEDGMENT:
        messages.info(request, "This Form U4 amendment is not waiting for your acknowledgment.")
        return redirect("u4:overview")
    form = AcknowledgeForm(request.POST if request.method == "POST" else None)
    if request.method == "GET":
        services.filing_opened(filing=filing, user=request.user, origin=services.Origin.of(request))
    elif form.is_valid():
        try:
            services.amendment_acknowledge(filing=filing, user=request.user, acknowledged=True,
                                           origin=services.Origin.of(request))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"You acknowledged the amended disclosures. {filing.firm.name} can file "
                                      "the amendment now.")
            return redirect("u4:overview")
    base = filing.amends
    changes = _comparisons([(k, base.section(k), filing.section(k)) for k in filing.changed_sections],
                           mask_dob=False)
    return render(request, "u4/rep_acknowledge.html", {"filing": filing, "form": form, "changes": changes},
                  status=400 if form.errors else 200)


# --- PDF ------------------------------------------------------------------------------------


def _pdf_response(filing):
    """The stored PDF of a submitted filing; a draft is rendered on the fly and marked as a draft."""
    from finpro.pdf import stored_pdf_response

    from .documents import filing_pdf

    return stored_pdf_response(stored=filing.pdf, render=lambda: filing_pdf(filing=filing),
                               filename=f"form-u4-{filing.pk}.pdf")


@firm_view(MembershipRole.VIEWER)
def firm_pdf(request, firm, pk: int):
    return _pdf_response(_filing(firm, pk))


@login_required
def rep_pdf(request, pk: int):
    return _pdf_response(_own_filing(request, pk))
