"""Support staff read payments; they change only through payments.services."""

from django.contrib import admin

from .models import Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["created_at", "individual", "purpose", "amount_cents", "status", "provider_reference"]
    list_filter = ["status", "purpose", "provider"]
    search_fields = ["individual__crd_number", "provider_reference", "idempotency_key"]
    list_select_related = ["individual"]
    readonly_fields = [f.name for f in Payment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
