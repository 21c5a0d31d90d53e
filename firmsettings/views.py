"""The firm section's pages. Thin: every firm page gets its firm through `firm_view`, which
asks `selectors.membership_for` (the user's own memberships): another firm is a 404, a role
too low is a 403, an anonymous visitor is sent to sign in."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from crd.ssn import mask_last4

from . import selectors, services
from .choices import MembershipRole, role_allows
from .forms import SETTINGS_FORMS, InvitationAccountForm, InvitationForm, RoleForm, RosterFilterForm
from .selectors import AttestationStatus

ROSTER_PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 50
LEDGER_PAGE_SIZE = 50


READ_ONLY = ("GET", "HEAD")
FORM = ("GET", "HEAD", "POST")


def firm_view(role: str, methods: tuple[str, ...] = READ_ONLY):
    """Decorate a view taking (request, firm, ...): resolves the firm from the URL's CRD#
    through the user's memberships, checks the role, then the method (405 for one the page
    does not accept, e.g. a POST to a page that only shows)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, crd_number: int, *args, **kwargs):
            membership = selectors.membership_for(user=request.user, firm_crd_number=crd_number)
            if not role_allows(membership.role, role):
                raise PermissionDenied("Your role in this firm does not allow this page.")
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            refused = _firm_access_refused(request, membership)
            if refused is not None:
                return refused
            request.firm_membership = membership
            return view(request, membership.firm, *args, **kwargs)

        wrapped.firm_role = role
        return wrapped

    return decorator


def _firm_access_refused(request, membership):
    """Who may use the firm section beyond the role (docs/security-model.md):
    - someone with a CRD record (also a rep) verifies their identity first, like any rep page;
    - firm staff without a CRD record skip identity verification, so a firm admin among them
      (who manages people and invitations) must have two-step verification (MFA) turned on."""
    from allauth.mfa.utils import is_mfa_enabled

    user = request.user
    if user.individual_id is not None:
        if user.identity_verified_at is None:
            messages.info(request, "Verify your identity to use the firm section.")
            return redirect("identity:start")
        return None
    if membership.role == MembershipRole.ADMIN and not is_mfa_enabled(user):
        messages.info(request, "Firm admins turn on two-step verification before using the firm section.")
        return redirect("mfa_activate_totp")
    return None


def _context(request, firm, **extra):
    membership = request.firm_membership
    return {
        "firm": firm,
        "membership": membership,
        "other_firms": selectors.memberships_for(user=request.user).exclude(pk=membership.pk).exists(),
        "can_change_settings": role_allows(membership.role, MembershipRole.COMPLIANCE),
        "can_manage_members": role_allows(membership.role, MembershipRole.ADMIN),
        **extra,
    }


def _page(request, queryset, size):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


# --- Switch and home -------------------------------------------------------------------------


@login_required
def switch(request):
    """The firms the user works in; straight to the firm when there is only one."""
    memberships = list(selectors.memberships_for(user=request.user))
    if not memberships:
        return render(request, "firm/no_membership.html", status=403)
    if len(memberships) == 1 and "all" not in request.GET:
        return redirect("firm:home", crd_number=memberships[0].firm.crd_number)
    return render(request, "firm/switch.html", {"memberships": memberships})


@firm_view(MembershipRole.VIEWER)
def home(request, firm):
    return render(request, "firm/home.html", _context(
        request, firm,
        settings=selectors.settings_for(firm=firm),
        recent_changes=selectors.setting_changes(firm=firm)[:5],
        balance_cents=selectors.flex_funding_balance_cents(firm=firm),
    ))


# --- Roster ---------------------------------------------------------------------------------


def _roster_filter(request) -> RosterFilterForm:
    """The roster's filters from the query string (the page's "page" number is not a filter)."""
    return RosterFilterForm({k: v for k, v in request.GET.items() if k != "page"} or None)


@firm_view(MembershipRole.VIEWER)
def roster(request, firm):
    form = _roster_filter(request)
    invalid = form.is_bound and not form.is_valid()
    # An invalid filter lists nobody: the form shows its error instead of "everyone".
    people = selectors.roster(firm=firm, filters=form.filters())
    page = _page(request, people.none() if invalid else people, ROSTER_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "firm/roster.html", _context(
        request, firm, form=form, page=page, query=query.urlencode(), today=timezone.localdate(),
    ), status=400 if invalid else 200)


class _Echo:
    def write(self, value):
        return value


FORMULA_STARTS = ("=", "+", "-", "@", "|", "\t", "\r", "\n")


def _csv_cell(value) -> str:
    """Neutralise spreadsheet formulas in text cells (OWASP CSV injection): a cell whose first
    character, or first after leading spaces and line breaks, could start a formula or DDE
    command gets a leading apostrophe."""
    text = "" if value is None else str(value)
    first = text[:1]
    if first in FORMULA_STARTS or text.lstrip(" \t\r\n")[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def _local_date(moment) -> str:
    """A stored UTC time as the Eastern calendar date, MM/DD/YYYY; blank when there is none."""
    return timezone.localtime(moment).strftime("%m/%d/%Y") if moment else ""


ROSTER_HEADER = ["CRD#", "Last Name", "First Name", "Middle Name", "SSN", "Employee or Contractor",
                 "Association Start", "Association End", "Registrations", "CE Status", "Has FinPro Account",
                 "Last Accessed", "Attestation Status", "Last Attested"]


def roster_rows(people):
    """The CSV from `selectors.roster` (model instances with prefetched registrations)."""
    yield ROSTER_HEADER
    for person in people.iterator(chunk_size=1000):
        registrations = "; ".join(
            f"{r.category.code} {r.regulator_label} {r.get_status_display()}" for r in person.firm_registrations
        )
        yield [
            person.crd_number, _csv_cell(person.last_name), _csv_cell(person.first_name),
            _csv_cell(person.middle_name), person.masked_ssn,
            "Contractor" if person.assoc_kind == "contractor" else "Employee",
            person.assoc_start.strftime("%m/%d/%Y") if person.assoc_start else "",
            person.assoc_end.strftime("%m/%d/%Y") if person.assoc_end else "",
            registrations, "CE Inactive" if person.ce_inactive else "Current",
            "Yes" if person.has_account else "No", _local_date(person.last_access_at),
            AttestationStatus.LABELS[person.attestation_status], _local_date(person.attested_at),
        ]


def roster_export_rows(rows):
    """The CSV of `selectors.roster_export` rows: a tuple per person, labels by dict lookups."""
    yield ROSTER_HEADER
    attestation_labels = AttestationStatus.LABELS
    cell = _csv_cell
    local = _local_date
    for (crd_number, last_name, first_name, middle_name, has_no_ssn, ssn_last4, kind, start, end, registrations,
         ce_inactive, has_account, last_access_at, attestation_status, attested_at) in rows:
        yield [
            crd_number, cell(last_name), cell(first_name), cell(middle_name),
            "None on file" if has_no_ssn else mask_last4(ssn_last4),
            "Contractor" if kind == "contractor" else "Employee",
            start.strftime("%m/%d/%Y") if start else "", end.strftime("%m/%d/%Y") if end else "",
            registrations or "", "CE Inactive" if ce_inactive else "Current",
            "Yes" if has_account else "No", local(last_access_at) if last_access_at else "",
            attestation_labels[attestation_status], local(attested_at) if attested_at else "",
        ]


@firm_view(MembershipRole.VIEWER)
def roster_csv(request, firm):
    """The filtered roster as CSV, streamed row by row. An invalid filter is a 400 with the
    form's errors, never the whole roster."""
    form = _roster_filter(request)
    if form.is_bound and not form.is_valid():
        problems = "; ".join(f"{form.fields[name].label if name in form.fields else 'Filter'}: {' '.join(errors)}"
                             for name, errors in form.errors.items())
        return HttpResponseBadRequest(f"The roster filter is not valid. {problems}",
                                      content_type="text/plain; charset=utf-8")
    # One query with a server-side cursor on PostgreSQL; the prefetching queryset elsewhere.
    # Exports too long for a web worker belong to a report run (reports.services.run_start,
    # when the reports app lands): the seam is here, before the response is built.
    export = selectors.roster_export(firm=firm, filters=form.filters())
    rows = (roster_export_rows(export) if export is not None
            else roster_rows(selectors.roster(firm=firm, filters=form.filters())))
    from crd.activity import activity_firm_export

    activity_firm_export(firm=firm, user=request.user, detail="Roster CSV")
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse((writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="roster-{firm.crd_number}-{stamp}.csv"'
    response["Cache-Control"] = "no-store, private"
    return response


# --- Settings ---------------------------------------------------------------------------------


def _settings_page(request, firm, *, bound=None, status=200):
    row = selectors.settings_for(firm=firm)
    forms = []
    for group, form_class in SETTINGS_FORMS.items():
        if bound is not None and bound.group == group:
            forms.append(bound)
        else:
            forms.append(form_class.from_settings(row, prefix=group))
    if not role_allows(request.firm_membership.role, MembershipRole.COMPLIANCE):
        for form in forms:
            for field in form.fields.values():
                field.disabled = True
    return render(request, "firm/settings.html", _context(
        request, firm, forms=forms, settings=row,
        balance_cents=selectors.flex_funding_balance_cents(firm=firm),
    ), status=status)


@firm_view(MembershipRole.VIEWER)
def settings_view(request, firm):
    return _settings_page(request, firm)


@firm_view(MembershipRole.COMPLIANCE, FORM)
def settings_group(request, firm, group: str):
    form_class = SETTINGS_FORMS.get(group)
    if form_class is None:
        raise Http404("No such settings group.")
    if request.method != "POST":
        return _settings_page(request, firm)
    # Only the CE card validates against the current row; the service reads (and locks) it anyway.
    extra = {"current_due_date": selectors.settings_for(firm=firm).ce_firm_due_date} if group == "ce" else {}
    form = form_class(request.POST, prefix=group, **extra)
    if form.is_valid():
        try:
            changed = services.firm_settings_update(firm=firm, changed_by=request.user, changes=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if changed:
                messages.success(request, f"{form.title} settings saved.")
            else:
                messages.info(request, f"No change to the {form.title} settings.")
            return redirect(reverse("firm:settings", kwargs={"crd_number": firm.crd_number}) + f"#card-{group}")
    return _settings_page(request, firm, bound=form, status=400)


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@firm_view(MembershipRole.VIEWER)
def history(request, firm):
    page = _page(request, selectors.setting_changes(firm=firm), HISTORY_PAGE_SIZE)
    return render(request, "firm/history.html", _context(request, firm, page=page))


@firm_view(MembershipRole.VIEWER)
def flex_funding(request, firm):
    page = _page(request, selectors.flex_funding_ledger(firm=firm), LEDGER_PAGE_SIZE)
    return render(request, "firm/flex_funding.html", _context(
        request, firm, page=page, balance_cents=selectors.flex_funding_balance_cents(firm=firm),
        settings=selectors.settings_for(firm=firm),
    ))


# --- Members and invitations ------------------------------------------------------------------


def _members_page(request, firm, *, invite_form=None, status=200):
    members = list(selectors.members_of(firm=firm))
    for member in members:
        member.role_form = RoleForm(initial={"role": member.role}, prefix=f"m{member.pk}")
    return render(request, "firm/members.html", _context(
        request, firm, members=members, invitations=selectors.pending_invitations(firm=firm),
        invite_form=invite_form or InvitationForm(),
    ), status=status)


@firm_view(MembershipRole.ADMIN)
def members(request, firm):
    return _members_page(request, firm)


@firm_view(MembershipRole.ADMIN, FORM)
def invite(request, firm):
    if request.method != "POST":
        return _members_page(request, firm)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_send(firm=firm, email=form.cleaned_data["email"], role=form.cleaned_data["role"],
                                     invited_by=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("firm:members", crd_number=firm.crd_number)
    return _members_page(request, firm, invite_form=form, status=400)


@firm_view(MembershipRole.ADMIN, FORM)
def member_role(request, firm, pk: int):
    member = get_object_or_404(selectors.members_of(firm=firm), pk=pk)
    form = RoleForm(request.POST or None, prefix=f"m{member.pk}", initial={"role": member.role})
    if request.method == "POST" and form.is_valid():
        role = MembershipRole(form.cleaned_data["role"])
        try:
            services.membership_change_role(membership=member, role=role, changed_by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{member.user.username} is now {role.label}.")
            if member.user_id == request.user.id and role != MembershipRole.ADMIN:
                return redirect("firm:home", crd_number=firm.crd_number)
        return redirect("firm:members", crd_number=firm.crd_number)
    return render(request, "firm/member.html", _context(request, firm, member=member, form=form))


@firm_view(MembershipRole.ADMIN, FORM)
def member_remove(request, firm, pk: int):
    member = get_object_or_404(selectors.members_of(firm=firm), pk=pk)
    if request.method == "POST":
        try:
            services.membership_remove(membership=member, removed_by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("firm:members", crd_number=firm.crd_number)
        messages.success(request, f"{member.user.username} no longer has access to {firm.name}.")
        if member.user_id == request.user.id:
            return redirect("firm:switch")
        return redirect("firm:members", crd_number=firm.crd_number)
    return render(request, "firm/member_remove.html", _context(request, firm, member=member))


@firm_view(MembershipRole.ADMIN, FORM)
def invitation_revoke(request, firm, pk: int):
    invitation = get_object_or_404(selectors.pending_invitations(firm=firm), pk=pk)
    if request.method == "POST":
        services.invitation_revoke(invitation=invitation, revoked_by=request.user)
        messages.success(request, f"The invitation for {invitation.email} was revoked.")
        return redirect("firm:members", crd_number=firm.crd_number)
    return render(request, "firm/invitation_revoke.html", _context(request, firm, invitation=invitation))


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    """The link in an invitation email: a signed-in user accepts; anyone else creates a FinPro
    account (or signs in first). An unknown token is a 404; a used or expired one says so."""
    found = selectors.invitation_by_token(token=token)
    if found is None:
        return render(request, "firm/invitation_invalid.html",
                      {"reason": "This invitation link is not valid."}, status=404)
    if found.status != "pending":
        reasons = {"accepted": "This invitation has already been used.", "revoked": "This invitation was withdrawn.",
                   "expired": "This invitation has expired."}
        return render(request, "firm/invitation_invalid.html", {"reason": reasons[found.status], "invitation": found},
                      status=410)
    account_form = InvitationAccountForm(request.POST or None) if not request.user.is_authenticated else None
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                membership = services.invitation_accept(token=token, user=request.user)
            elif account_form.is_valid():
                data = account_form.cleaned_data
                membership = services.invitation_accept_new_account(
                    token=token, username=data["username"], password=data["password1"],
                    first_name=data["first_name"], last_name=data["last_name"],
                )
                login(request, membership.user, backend="accounts.backends.FinProAuthenticationBackend")
            else:
                membership = None
        except ValidationError as exc:
            if account_form is not None and hasattr(exc, "error_dict"):
                renamed = {"password1" if k == "password" else k: v for k, v in exc.message_dict.items()}
                _add_errors(account_form, ValidationError(renamed))
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("firm:invitation", token=token)
            membership = None
        if membership is not None:
            messages.success(request, f"Welcome to the firm section of {membership.firm.name}.")
            return redirect("firm:home", crd_number=membership.firm.crd_number)
    for_you = request.user.is_authenticated and selectors.invitation_is_for(invitation=found, user=request.user)
    if request.user.is_authenticated and not for_you and request.method == "GET":
        services.invitation_opened_by_another(invitation=found, user=request.user)
    response = render(request, "firm/invitation.html",
                      {"invitation": found, "account_form": account_form, "for_you": for_you},
                      status=400 if request.method == "POST" else 200)
    response["Cache-Control"] = "no-store"
    return response
