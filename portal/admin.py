"""Support-staff admin for the portal status and the System Status page's messages."""

from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from . import status
from .models import Announcement, FaqEntry, StatusMessage, SystemStatus
from .selectors import announcements_cache_clear


@admin.register(SystemStatus)
class SystemStatusAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state", "maintenance_mode", "updated_at", "updated_by"]
    fields = ["state", "note", "maintenance_mode", "maintenance_message", "retry_after_minutes", "updated_by",
              "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SystemStatus.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        transaction.on_commit(status.clear_cache)


@admin.register(StatusMessage)
class StatusMessageAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "ends_at", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["title", "body"]
    date_hierarchy = "starts_at"


@admin.register(FaqEntry)
class FaqEntryAdmin(SimpleHistoryAdmin):
    list_display = ["question", "section", "position", "published", "updated_at"]
    list_filter = ["section", "published"]
    search_fields = ["question", "answer", "slug"]
    prepopulated_fields = {"slug": ["question"]}


@admin.register(Announcement)
class AnnouncementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "audience", "published_from"]
    list_filter = ["audience"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_from"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(announcements_cache_clear)  # dashboards show it within seconds
