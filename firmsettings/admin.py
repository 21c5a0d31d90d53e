"""Support staff: memberships (a firm's first admin is created here), settings and their
history (read only), invitations (read only) and the Flex Funding ledger. Every write goes
through firmsettings.services; deposits only through the "Record a Flex Funding deposit" action."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import render

from finpro.admin import ReadOnlyAdmin

from . import services
from .choices import MembershipRole
from .forms import DepositForm
from .models import (
    FirmInvitation,
    FirmMembership,
    FirmSettingChange,
    FirmSettings,
    FlexFundingAccount,
    FlexFundingEntry,
)


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = FirmMembership
        fields = ["firm", "user", "role"]

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk and instance.role == MembershipRole.ADMIN and cleaned.get("role") != MembershipRole.ADMIN:
            others = FirmMembership.objects.filter(firm_id=instance.firm_id, role=MembershipRole.ADMIN)
            if not others.exclude(pk=instance.pk).exists():
                self.add_error("role", "The firm's last admin cannot be given another role. Make someone else an "
                                       "admin first.")
        return cleaned


def _is_last_admin(membership) -> bool:
    return membership.role == MembershipRole.ADMIN and not FirmMembership.objects.filter(
        firm_id=membership.firm_id, role=MembershipRole.ADMIN).exclude(pk=membership.pk).exists()


@admin.register(FirmMembership)
class FirmMembershipAdmin(admin.ModelAdmin):
    """Support staff add a firm's first admin here. Role changes and removals use the same
    services as the firm section, so the firm's last admin stays."""

    form = MembershipAdminForm
    list_display = ["firm", "user", "role", "created_at"]
    list_select_related = ["firm", "user"]
    list_filter = ["role"]
    search_fields = ["firm__name", "=firm__crd_number", "user__username", "user__last_name"]
    autocomplete_fields = ["firm", "user"]

    def get_readonly_fields(self, request, obj=None):
        return ["firm", "user", "created_at"] if obj else ["created_at"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _is_last_admin(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            services.membership_change_role(membership=obj, role=form.cleaned_data["role"], changed_by=request.user)
        else:
            created = services.membership_create(firm=obj.firm, user=obj.user, role=obj.role, created_by=request.user)
            obj.pk = created.pk

    def delete_model(self, request, obj):
        services.membership_remove(membership=obj, removed_by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("firm", "user"):
            try:
                services.membership_remove(membership=membership, removed_by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{membership}: {' '.join(exc.messages)}", messages.ERROR)


@admin.register(FirmSettings)
class FirmSettingsAdmin(ReadOnlyAdmin):
    """Firms change their own settings in the firm section; support staff read them here."""

    list_display = ["firm", "attestation_employees", "attestation_contractors", "esignature_employees",
                    "esignature_contractors", "ce_firm_due_date", "iar_ce_fee_opt_in"]
    list_select_related = ["firm"]
    search_fields = ["firm__name", "=firm__crd_number"]


@admin.register(FlexFundingAccount)
class FlexFundingAccountAdmin(ReadOnlyAdmin):
    """Every firm with its Flex Funding balance. Deposits are recorded with the action, which
    calls services.flex_funding_deposit; the ledger itself is never edited."""

    list_display = ["crd_number", "name", "balance"]
    search_fields = ["name", "=crd_number"]
    actions = ["record_deposit"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(balance_cents=Sum("flex_funding_entries__amount_cents"))

    @admin.display(description="Flex Funding balance", ordering="balance_cents")
    def balance(self, obj):
        return f"${(obj.balance_cents or 0) / 100:,.2f}"

    def has_record_deposit_permission(self, request):
        return request.user.has_perm("firmsettings.add_flexfundingentry")

    @admin.action(description="Record a Flex Funding deposit", permissions=["record_deposit"])
    def record_deposit(self, request, queryset):
        firms = list(queryset)
        if len(firms) != 1:
            self.message_user(request, "Choose exactly one firm to record a deposit for.", messages.ERROR)
            return None
        firm = firms[0]
        form = DepositForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                services.flex_funding_deposit(firm=firm, amount_cents=form.amount_cents(),
                                              memo=form.cleaned_data["memo"], recorded_by=request.user)
            except ValidationError as exc:
                form.add_error("amount", exc.messages)
            else:
                self.message_user(request, f"Deposit of ${form.cleaned_data['amount']:,.2f} recorded for "
                                           f"{firm.name}.", messages.SUCCESS)
                return None
        return render(request, "admin/firmsettings/deposit.html", {
            **self.admin_site.each_context(request), "title": f"Record a Flex Funding deposit: {firm.name}",
            "form": form, "firm": firm, "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })


@admin.register(FirmSettingChange)
class FirmSettingChangeAdmin(ReadOnlyAdmin):
    list_display = ["changed_at", "firm", "setting", "old_value", "new_value", "changed_by"]
    list_select_related = ["firm", "changed_by"]
    list_filter = ["setting"]
    search_fields = ["firm__name", "=firm__crd_number"]
    date_hierarchy = "changed_at"


@admin.register(FirmInvitation)
class FirmInvitationAdmin(ReadOnlyAdmin):
    list_display = ["firm", "email", "role", "status", "created_at", "expires_at", "invited_by"]
    list_select_related = ["firm", "invited_by"]
    search_fields = ["firm__name", "=firm__crd_number", "email"]
    exclude = ["token_hash"]


@admin.register(FlexFundingEntry)
class FlexFundingEntryAdmin(ReadOnlyAdmin):
    """The ledger, read only. Deposits: Firm settings → action "Record a Flex Funding deposit"."""

    list_display = ["created_at", "firm", "kind", "amount", "individual", "memo", "recorded_by"]
    list_select_related = ["firm", "individual", "recorded_by"]
    list_filter = ["kind"]
    search_fields = ["firm__name", "=firm__crd_number"]

    @admin.display(description="Amount", ordering="amount_cents")
    def amount(self, obj):
        return f"${obj.amount_cents / 100:,.2f}"
