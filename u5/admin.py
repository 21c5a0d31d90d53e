"""Support staff read Form U5 filings and their DRPs; filings are written only by the firm's
pages through u5.services, so nothing here is editable."""

from django.contrib import admin

from finpro.admin import ReadOnlyAdmin

from .models import DisclosureReportingPage, Filing


class DisclosureReportingPageInline(admin.TabularInline):
    model = DisclosureReportingPage
    extra = 0
    can_delete = False
    fields = ["question", "event_date", "summary"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Filing)
class FilingAdmin(ReadOnlyAdmin):
    list_display = ["id", "firm", "individual", "kind", "termination_date", "filed_at"]
    list_filter = ["kind", "reason"]
    list_select_related = ["firm", "individual"]
    search_fields = ["firm__name", "=firm__crd_number", "=individual__crd_number", "individual__last_name"]
    fields = ["firm", "individual", "kind", "amends", "termination_date", "reason", "reason_explanation",
              "partial_sros", "partial_jurisdictions", "affiliated_firm_names", "disclosure_answers",
              "acknowledgment_name", "acknowledgment_version", "filed_by", "filed_at"]
    readonly_fields = fields
    inlines = [DisclosureReportingPageInline]


@admin.register(DisclosureReportingPage)
class DisclosureReportingPageAdmin(ReadOnlyAdmin):
    list_display = ["filing", "question", "event_date"]
    list_select_related = ["filing"]
