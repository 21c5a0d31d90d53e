"""Support's view of exams. Test centers and sessions are reference data support admins keep;
windows, appointments and extension requests change only through exams.services: results are
recorded with the window action "Record a result", extensions decided with the request actions."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render

from finpro.admin import ReadOnlyAdmin

from . import services
from .choices import ExtensionStatus
from .forms import ResultForm, add_validation_errors
from .models import Appointment, ExamSession, ExamWindow, ExtensionRequest, TestCenter


@admin.register(TestCenter)
class TestCenterAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city", "state", "postal_code", "time_zone", "is_active"]
    list_filter = ["state", "is_active"]
    search_fields = ["code", "name", "city", "postal_code"]


@admin.register(ExamSession)
class ExamSessionAdmin(admin.ModelAdmin):
    """Support adds sessions and changes capacity; seats taken change only by booking."""

    list_display = ["starts_at", "center", "capacity", "seats_taken"]
    list_select_related = ["center"]
    list_filter = ["center__state"]
    date_hierarchy = "starts_at"
    readonly_fields = ["seats_taken"]


@admin.register(ExamWindow)
class ExamWindowAdmin(ReadOnlyAdmin):
    list_display = ["individual", "exam", "firm", "status", "opened_on", "closes_on", "extended_on"]
    list_select_related = ["individual", "exam", "firm"]
    list_filter = ["status", "exam"]
    search_fields = ["=individual__crd_number", "individual__last_name"]
    raw_id_fields = ["individual", "firm", "filing", "result"]
    actions = ["record_result"]

    def has_record_result_permission(self, request):
        return request.user.has_perm("crd.add_examresult")

    @admin.action(description="Record a result", permissions=["record_result"])
    def record_result(self, request, queryset):
        windows = list(queryset.select_related("individual", "exam"))
        if len(windows) != 1:
            self.message_user(request, "Choose exactly one window to record a result for.", messages.ERROR)
            return None
        window = windows[0]
        form = ResultForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                services.result_record(window=window, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                self.message_user(request, f"{form.cleaned_data['outcome'].title()} recorded for "
                                           f"{window.individual} ({window.exam.code}).", messages.SUCCESS)
                return None
        return render(request, "admin/exams/record_result.html", {
            **self.admin_site.each_context(request), "title": f"Record a result: {window.exam.name}",
            "form": form, "window": window, "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["window", "session", "status", "booked_at", "ended_at", "reminder_sent_at"]
    list_select_related = ["window", "session"]
    list_filter = ["status"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = ["window", "status", "requested_at", "decided_at", "decided_by"]
    list_select_related = ["window", "decided_by"]
    list_filter = ["status"]
    actions = ["approve", "decline"]

    def has_decide_permission(self, request):
        return request.user.has_perm("exams.change_extensionrequest")

    def _decide(self, request, queryset, *, approve: bool):
        done = 0
        for extension in queryset.filter(status=ExtensionStatus.PENDING):
            try:
                services.extension_decide(request=extension, approve=approve, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{extension}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, f"{done} request(s) {'approved' if approve else 'declined'}.", messages.SUCCESS)

    @admin.action(description="Approve the extension", permissions=["decide"])
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description="Decline the extension", permissions=["decide"])
    def decline(self, request, queryset):
        self._decide(request, queryset, approve=False)
