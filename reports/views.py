"""The firm's reports pages (/firm/<CRD#>/reports/). Thin: the firm comes from `firm_view`
(another firm is a 404), runs and saved reports from selectors scoped to it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from firmsettings.choices import MembershipRole
from firmsettings.views import FORM, _add_errors, firm_view
from firmsettings.views import _context as firm_context

from . import catalog, selectors, services
from .choices import RunStatus
from .forms import RunForm

RUNS_PAGE_SIZE = 25
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@firm_view(MembershipRole.VIEWER)
def index(request, firm):
    runs = Paginator(selectors.runs_for(firm=firm), RUNS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/index.html", firm_context(
        request, firm, templates=list(catalog.templates().values()), page=runs,
        saved_reports=list(selectors.saved_reports_for(firm=firm)[:100]),
        can_run=_can_run(request),
    ))


def _can_run(request) -> bool:
    from firmsettings.choices import role_allows

    return role_allows(request.firm_membership.role, MembershipRole.COMPLIANCE)


@firm_view(MembershipRole.COMPLIANCE, FORM)
def new(request, firm, template: str):
    """A template's filters and "Run report"; a run is queued and the page shows its progress."""
    found = catalog.get(template)
    if found is None:
        raise Http404("No such report.")
    if not found.available:
        return render(request, "reports/coming.html", firm_context(request, firm, template=found))
    form = RunForm(request.POST or None, template=found)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = None
                if data["save"]:
                    saved = services.report_save(firm=firm, owner=request.user, name=data["name"], template=found,
                                                 filters=form.filters(), file_format=data["file_format"],
                                                 frequency=data["frequency"] or "")
                run = services.run_start(firm=firm, user=request.user, template=found, filters=form.filters(),
                                         file_format=data["file_format"], saved_report=saved)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if saved is not None:
                    messages.success(request, f"Saved as “{saved.name}”.")
                return redirect("firm:report_run", crd_number=firm.crd_number, pk=run.pk)
        status = 400
    return render(request, "reports/new.html", firm_context(request, firm, template=found, form=form), status=status)


def _run(firm, pk):
    return get_object_or_404(selectors.runs_for(firm=firm), pk=pk)


@firm_view(MembershipRole.VIEWER)
def run_detail(request, firm, pk: int):
    run = _run(firm, pk)
    return render(request, "reports/run.html", firm_context(request, firm, run=run, template=catalog.get(run.template)))


@firm_view(MembershipRole.VIEWER)
def run_progress(request, firm, pk: int):
    """The run's status and progress bar alone, which the run page polls with htmx while it works.
    When the run has finished, htmx is told to stop polling (status 286)."""
    run = _run(firm, pk)
    response = render(request, "reports/_progress.html", {"run": run, "firm": firm})
    if request.htmx and not run.is_active:
        response.status_code = 286
    return response


@firm_view(MembershipRole.VIEWER)
def run_download(request, firm, pk: int):
    run = _run(firm, pk)
    if run.status == RunStatus.EXPIRED or (run.status == RunStatus.DONE and run.expires_at
                                           and run.expires_at <= timezone.now()):
        return render(request, "reports/expired.html", firm_context(request, firm, run=run), status=410)
    if run.status != RunStatus.DONE or not run.file:
        return render(request, "reports/not_ready.html", firm_context(request, firm, run=run), status=409)
    try:
        handle = run.file.open("rb")
    except FileNotFoundError:
        return render(request, "reports/expired.html", firm_context(request, firm, run=run), status=410)
    stamp = timezone.localtime(run.created_at).strftime("%Y%m%d")
    filename = f"{run.template.replace('_', '-')}-{firm.crd_number}-{stamp}-{run.pk}.{run.file_format}"
    response = FileResponse(handle, as_attachment=True, filename=filename,
                            content_type=CONTENT_TYPES[run.file_format])
    response["Cache-Control"] = "no-store, private"
    return response


@firm_view(MembershipRole.COMPLIANCE, FORM)
def saved(request, firm, pk: int):
    """A saved report: its filters and schedule, with Run now and Delete."""
    saved_report = get_object_or_404(selectors.saved_reports_for(firm=firm), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "run":
            try:
                run = services.saved_report_run(saved_report=saved_report, user=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                return redirect("firm:report_run", crd_number=firm.crd_number, pk=run.pk)
        elif action == "delete":
            services.saved_report_delete(saved_report=saved_report)
            messages.success(request, f"“{saved_report.name}” was deleted.")
            return redirect("firm:reports", crd_number=firm.crd_number)
        else:
            messages.error(request, "Choose Run now or Delete.")
    template = catalog.get(saved_report.template)
    return render(request, "reports/saved.html", firm_context(
        request, firm, saved_report=saved_report, template=template,
        filter_labels=_filter_labels(template, saved_report.filters)))


def _filter_labels(template, filters: dict) -> list[tuple[str, str]]:
    from .forms import ReportFilterForm

    form = ReportFilterForm(template=template)
    shown = []
    for name, value in filters.items():
        field = form.fields.get(name)
        if field is None:
            continue
        label = dict(getattr(field, "choices", [])).get(value, value)
        shown.append((field.label, label))
    return shown
