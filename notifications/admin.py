from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only view of the outbox. Messages carrying a secret (passcode, activation, reset,
    email-change or invitation link) never show their body."""

    list_display = ["created_at", "kind", "channel", "address", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["address", "kind", "=individual__crd_number"]
    date_hierarchy = "created_at"
    readonly_fields = ["recipient", "address", "channel", "kind", "subject", "shown_body", "individual", "firm",
                       "related_date", "status", "attempts", "last_error", "created_at", "sent_at"]
    exclude = ["body_text", "body_html", "sensitive"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the log of what FinPro sent

    @admin.display(description="Body")
    def shown_body(self, obj):
        return "(hidden: this message carried a one-time passcode or link)" if obj.sensitive else obj.body_text
