from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class FinProUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "individual", "identity_verified_at", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email", "=individual__crd_number"]
    list_select_related = ["individual"]
    raw_id_fields = ["individual"]
    readonly_fields = ["identity_verified_at", "last_access_at", "last_login", "date_joined"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("CRD", {"fields": ["individual", "identity_verified_at", "last_access_at"]}),
    ]
