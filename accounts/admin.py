from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from . import services
from .models import PrivacyAcknowledgment, SignInEvent, User


@admin.register(User)
class FinProUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "individual", "identity_verified_at",
                    "password_disabled_at", "is_active"]
    list_filter = [*UserAdmin.list_filter, ("password_disabled_at", admin.EmptyFieldListFilter)]
    search_fields = ["username", "first_name", "last_name", "email", "=individual__crd_number"]
    list_select_related = ["individual"]
    raw_id_fields = ["individual"]
    readonly_fields = ["identity_verified_at", "last_access_at", "last_login", "date_joined",
                       "failed_sign_ins", "password_disabled_at"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("CRD", {"fields": ["individual", "identity_verified_at", "last_access_at"]}),
        ("Sign-in lock", {"fields": ["failed_sign_ins", "password_disabled_at"]}),
    ]
    actions = ["unlock"]

    @admin.action(description="Unlock password sign-in for the selected users", permissions=["change"])
    def unlock(self, request, queryset):
        count = 0
        for user in queryset:
            services.account_unlock(user=user)
            count += 1
        self.message_user(request, f"Unlocked {count} user(s).", messages.SUCCESS)


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    list_display = ["user", "at", "ip_address", "method"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "at", "ip_address", "user_agent", "method"]

    def has_add_permission(self, request):
        return False


@admin.register(PrivacyAcknowledgment)
class PrivacyAcknowledgmentAdmin(admin.ModelAdmin):
    list_display = ["user", "version", "acknowledged_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "version", "acknowledged_at", "ip_address", "user_agent"]

    def has_add_permission(self, request):
        return False
