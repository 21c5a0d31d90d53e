"""Support staff read accounts here and use two actions (Unlock, Resend activation). Only
superusers edit, add or delete accounts, set passwords, or grant staff rights; the services
refuse the same, so a crafted POST changes nothing."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError

from . import services
from .models import PrivacyAcknowledgment, SignInEvent, User


class FinProUserChangeForm(UserChangeForm):
    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("is_staff") or cleaned.get("is_superuser")) and cleaned.get("individual"):
            self.add_error("individual", "A staff account cannot be linked to a person in CRD. "
                                         "Use a separate account for the person's own record.")
        return cleaned


@admin.register(User)
class FinProUserAdmin(UserAdmin):
    form = FinProUserChangeForm
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
    actions = ["unlock", "resend_activation"]

    # Support staff hold accounts.change_user only for the actions: the change form, the password
    # page, add and delete are superuser-only.
    def has_change_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        services.user_admin_save(user=obj, by=request.user)

    def _each(self, request, queryset, action, done):
        count = 0
        for user in queryset:
            try:
                count += action(user) is not False
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, f"{user.username}: {' '.join(getattr(exc, 'messages', [str(exc)]))}",
                                  messages.ERROR)
        if count:
            self.message_user(request, done.format(count=count), messages.SUCCESS)

    @admin.action(description="Unlock password sign-in for the selected users", permissions=["change"])
    def unlock(self, request, queryset):
        self._each(request, queryset, lambda user: services.account_unlock(user=user, by=request.user),
                   "Unlocked {count} user(s).")

    @admin.action(description="Resend the activation email to the selected users", permissions=["change"])
    def resend_activation(self, request, queryset):
        base = request.build_absolute_uri("/").rstrip("/")

        def send(user):
            sent = services.activation_resend_by_support(user=user, by=request.user, link_base=base)
            if not sent:
                self.message_user(request, f"{user.username}: already has a password or is inactive; a password "
                                           "reset is the way in.", messages.WARNING)
            return sent

        self._each(request, queryset, send, "Sent a new activation email to {count} user(s).")


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    list_display = ["user", "at", "ip_address", "method"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "at", "ip_address", "user_agent", "method"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # an audit record


@admin.register(PrivacyAcknowledgment)
class PrivacyAcknowledgmentAdmin(admin.ModelAdmin):
    list_display = ["user", "version", "acknowledged_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "version", "acknowledged_at", "ip_address", "user_agent"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # an audit record
