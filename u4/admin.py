"""Support staff read filings and their audit trail; every change goes through u4.services
(the firm's pages), so nothing here is editable."""

from django.contrib import admin

from finpro.admin import ReadOnlyAdmin

from .models import Filing, FilingEvent


class FilingEventInline(admin.TabularInline):
    model = FilingEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "actor", "section", "ip_address", "user_agent", "consent_version"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Filing)
class FilingAdmin(ReadOnlyAdmin):
    list_display = ["id", "firm", "individual", "kind", "status", "updated_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["firm", "individual"]
    search_fields = ["firm__name", "=firm__crd_number", "=individual__crd_number", "individual__last_name"]
    # The new person's SSN ciphertext is never shown; masked_ssn shows the last four digits.
    fields = ["firm", "individual", "masked_ssn", "kind", "status", "association_kind", "schema_version",
              "rep_sections", "signature_name", "signature_hash", "signature_wet", "signed_at", "consent_version",
              "submitted_at", "amends", "facts_date", "statutory_disqualification", "due_date", "changed_sections",
              "acknowledged_hash", "acknowledged_at", "created_by", "created_at", "updated_at"]
    readonly_fields = fields
    inlines = [FilingEventInline]

    @admin.display(description="SSN")
    def masked_ssn(self, obj):
        return obj.masked_ssn


@admin.register(FilingEvent)
class FilingEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "filing", "action", "actor", "section", "ip_address"]
    list_filter = ["action"]
    list_select_related = ["filing", "actor"]
