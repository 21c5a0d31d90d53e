"""Support override: find a person, see their attempts and lockouts, verify them manually
after a call (reason required, recorded with who and when), clear a lockout. Changes go
through identity.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from . import selectors, services
from .models import Attempt, BureauFact, BureauPhone, BureauSubject, Lockout, VerificationSubject


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ManualVerificationForm(forms.Form):
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How you verified the person: the call, who called, what you checked. Required.",
        error_messages={"required": "Say how you verified the person."},
    )
    call_reference = forms.CharField(
        label="Call reference", max_length=64,
        help_text="The ticket or call ID of the support call. Required.",
        error_messages={"required": "Enter the call's reference (ticket or call ID)."},
    )


class ClearLockoutForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Say why the lockout is cleared."})


@admin.register(VerificationSubject)
class VerificationSubjectAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["username", "individual", "verified", "lockout_status", "date_joined"]
    list_select_related = ["individual"]
    search_fields = ["username", "first_name", "last_name", "email", "=individual__crd_number",
                     "individual__last_name", "=individual__ssn_last4"]
    list_filter = [("identity_verified_at", admin.EmptyFieldListFilter)]
    fields = ["username", "individual", "identity_verified_at", "lockouts_panel", "attempts_panel"]
    readonly_fields = fields
    change_form_template = "admin/identity/verificationsubject/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(individual__isnull=False)

    @admin.display(description="Identity verified", boolean=True)
    def verified(self, obj):
        return obj.identity_verified_at is not None

    @admin.display(description="Lockout")
    def lockout_status(self, obj):
        # One query per row would grow with the page; the list shows the flag from an annotation.
        return "Locked" if getattr(obj, "_locked", False) else "—"

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        users = list(changelist.result_list)
        if users:
            now = timezone.now()
            locked_users = set(Lockout.objects.in_force(now).filter(user__in=users).values_list("user_id", flat=True))
            fingerprints = {selectors.fingerprint_for(u.individual): u for u in users if u.individual_id}
            locked_fps = set(Lockout.objects.in_force(now).filter(scope="ssn", fingerprint__in=fingerprints)
                             .values_list("fingerprint", flat=True))
            for user in users:
                fp = selectors.fingerprint_for(user.individual) if user.individual_id else None
                user._locked = user.pk in locked_users or fp in locked_fps
        return changelist

    @admin.display(description="Lockouts in force")
    def lockouts_panel(self, obj):
        from django.template.loader import render_to_string

        return render_to_string("admin/identity/_lockouts.html", {"lockouts": selectors.lockouts_in_force(user=obj)})

    @admin.display(description="Verification attempts")
    def attempts_panel(self, obj):
        from django.template.loader import render_to_string

        fingerprint = selectors.fingerprint_for(obj.individual) if obj.individual_id else None
        attempts = selectors.attempts_for_support(user=obj, fingerprint=fingerprint)[:50]
        return render_to_string("admin/identity/_attempts.html", {"attempts": attempts, "subject": obj})

    def get_urls(self):
        return [
            path("<int:pk>/verify/", self.admin_site.admin_view(self.verify_view), name="identity_verify_manually"),
            path("<int:pk>/clear-lockouts/", self.admin_site.admin_view(self.clear_view),
                 name="identity_clear_lockouts"),
            *super().get_urls(),
        ]

    def _subject(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request).select_related("individual"), pk=pk)

    def verify_view(self, request, pk):
        subject = self._subject(request, pk)
        if not request.user.has_perm("identity.verify_manually"):
            raise PermissionDenied
        form = ManualVerificationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.identity_verify_manually(user=subject, by=request.user, reason=form.cleaned_data["reason"],
                                                  call_reference=form.cleaned_data["call_reference"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, f"{subject.username} is now identity-verified.", messages.SUCCESS)
                return redirect(reverse("admin:identity_verificationsubject_change", args=[subject.pk]))
        return self._render_action(request, subject, form, "Verify identity manually",
                                   "Verify identity", "admin/identity/verificationsubject/action.html")

    def clear_view(self, request, pk):
        subject = self._subject(request, pk)
        if not request.user.has_perm("identity.change_lockout"):
            raise PermissionDenied
        form = ClearLockoutForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                count = services.lockouts_clear_for(user=subject, by=request.user,
                                                    reason=form.cleaned_data["reason"])
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, f"Cleared {count} lockout{'s' if count != 1 else ''}.", messages.SUCCESS)
                return redirect(reverse("admin:identity_verificationsubject_change", args=[subject.pk]))
        return self._render_action(request, subject, form, "Clear lockouts", "Clear lockouts",
                                   "admin/identity/verificationsubject/action.html")

    def _render_action(self, request, subject, form, title, button, template):
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": title, "subject": subject,
            "form": form, "button": button, "lockouts": selectors.lockouts_in_force(user=subject),
        }
        return TemplateResponse(request, template, context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_verify": request.user.has_perm("identity.verify_manually"),
            "can_clear": request.user.has_perm("identity.change_lockout"),
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["started_at", "user", "method", "outcome", "failure_reason", "finished_at", "performed_by"]
    list_filter = ["method", "outcome"]
    list_select_related = ["user", "performed_by"]
    search_fields = ["user__username", "=individual__crd_number", "individual__last_name"]
    date_hierarchy = "started_at"
    fields = ["user", "individual", "method", "outcome", "failure_reason", "started_at", "finished_at",
              "phone_last4", "wrong_codes", "deadline", "performed_by", "reason", "call_reference"]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lockout)
class LockoutAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "scope", "user", "until", "cleared_at", "cleared_by"]
    list_filter = ["scope", ("cleared_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "cleared_by"]
    search_fields = ["user__username"]
    fields = ["scope", "user", "reason", "created_at", "until", "cleared_at", "cleared_by", "clear_reason"]
    readonly_fields = fields
    actions = ["clear_selected"]

    @admin.action(description="Clear selected lockouts", permissions=["change"])
    def clear_selected(self, request, queryset):
        count = 0
        for lock in queryset.select_related("user"):
            try:
                count += services.lockout_clear(lockout=lock, by=request.user, reason="Cleared from the lockout list.")
            except PermissionDenied as exc:
                self.message_user(request, f"{lock}: {exc}", messages.ERROR)
        self.message_user(request, f"Cleared {count} lockout{'s' if count != 1 else ''}.", messages.SUCCESS)


class BureauPhoneInline(admin.TabularInline):
    model = BureauPhone
    extra = 0


class BureauFactInline(admin.TabularInline):
    model = BureauFact
    extra = 0


@admin.register(BureauSubject)
class BureauSubjectAdmin(admin.ModelAdmin):
    """The sandbox bureau's file (test data standing in for a credit bureau)."""

    list_display = ["individual", "created_at"]
    list_select_related = ["individual"]
    raw_id_fields = ["individual"]
    search_fields = ["=individual__crd_number", "individual__last_name"]
    inlines = [BureauPhoneInline, BureauFactInline]
