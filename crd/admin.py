"""Support-staff admin for CRD. SSNs are never shown beyond their last four digits."""

import contextlib
import re

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from finpro import encryption

from . import models
from .ssn import normalize_ssn


class IndividualAdminForm(forms.ModelForm):
    new_ssn = forms.CharField(
        label="SSN", required=False, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Leave blank to keep the SSN on file. Type a new one to replace it. Never displayed.",
    )

    class Meta:
        model = models.Individual
        fields = [
            "crd_number", "prefix", "first_name", "middle_name", "last_name", "suffix", "has_no_ssn",
            "date_of_birth", "address_line1", "address_line2", "city", "state", "postal_code", "country",
        ]

    def clean_new_ssn(self):
        value = self.cleaned_data["new_ssn"]
        if value:
            value = normalize_ssn(value)
            clash = models.Individual.objects.filter(ssn_index=encryption.blind_index(value))
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError("Another individual in CRD already has this SSN.")
        return value

    def clean(self):
        cleaned = super().clean()
        has_no_ssn, new_ssn = cleaned.get("has_no_ssn"), cleaned.get("new_ssn")
        if has_no_ssn and new_ssn:
            self.add_error("new_ssn", "Clear “Has no US SSN” to record an SSN.")
        if not has_no_ssn and not new_ssn and not self.instance.ssn_index:
            self.add_error("new_ssn", "Enter the SSN, or tick “Has no US SSN”.")
        return cleaned

    def save(self, commit=True):
        individual = super().save(commit=False)
        if self.cleaned_data.get("new_ssn"):
            individual.set_ssn(self.cleaned_data["new_ssn"])
        elif self.cleaned_data.get("has_no_ssn"):
            individual.set_ssn(None)
        if commit:
            individual.save()
        return individual


class RecordInline(admin.TabularInline):
    extra = 0
    show_change_link = True


class AssociationInline(RecordInline):
    model = models.Association
    autocomplete_fields = ["firm"]


class RegistrationInline(RecordInline):
    model = models.Registration
    autocomplete_fields = ["firm"]


class ExamResultInline(RecordInline):
    model = models.ExamResult


class EmploymentInline(RecordInline):
    model = models.EmploymentHistory


class ResidenceInline(RecordInline):
    model = models.ResidenceHistory


class DisclosureInline(RecordInline):
    model = models.Disclosure


def _crd_search(queryset, term):
    """Digits search CRD#, last four of the SSN, or a whole SSN by its blind index."""
    digits = re.sub(r"[\s-]", "", term)
    if not digits.isdigit():
        return queryset.none()
    matches = queryset.filter(crd_number=int(digits)) if len(digits) <= 7 else queryset.none()
    if len(digits) == 4:
        matches = matches | queryset.filter(ssn_last4=digits)
    if len(digits) == 9:
        with contextlib.suppress(ValidationError):
            matches = matches | queryset.filter(ssn_index=encryption.blind_index(normalize_ssn(digits)))
    return matches


@admin.register(models.Individual)
class IndividualAdmin(SimpleHistoryAdmin):
    form = IndividualAdminForm
    list_display = ["crd_number", "last_name", "first_name", "masked_ssn", "state", "has_account"]
    list_display_links = ["crd_number", "last_name"]
    search_fields = ["first_name", "last_name"]
    search_help_text = "Search by name, CRD#, the last four digits of the SSN, or a whole SSN."
    list_filter = ["has_no_ssn", "state"]
    readonly_fields = ["masked_ssn", "created_at", "updated_at"]
    inlines = [AssociationInline, RegistrationInline, ExamResultInline, EmploymentInline, ResidenceInline,
               DisclosureInline]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("account")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and str(object_id).isdigit():
            from .activity import activity_support

            activity_support(individual_id=int(object_id), user=request.user, changed=False)
        return response

    def log_change(self, request, obj, message):
        from .activity import activity_support

        activity_support(individual_id=obj.pk, user=request.user, changed=True)
        return super().log_change(request, obj, message)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results = results | _crd_search(queryset, search_term.strip())
        return results, may_have_duplicates

    @admin.display(description="SSN")
    def masked_ssn(self, obj):
        return obj.masked_ssn

    @admin.display(description="FinPro account", boolean=True)
    def has_account(self, obj):
        return hasattr(obj, "account")


@admin.register(models.Firm)
class FirmAdmin(SimpleHistoryAdmin):
    list_display = ["crd_number", "name", "kind", "main_office_state"]
    search_fields = ["name", "=crd_number"]
    list_filter = ["kind"]


class IndividualScopedAdmin(SimpleHistoryAdmin):
    """Rows that hang off an Individual: searchable by the person's CRD# or name."""

    search_fields = ["individual__last_name", "individual__first_name", "=individual__crd_number"]
    autocomplete_fields = ["individual"]
    list_select_related = ["individual"]

    @admin.display(description="Individual", ordering="individual__last_name")
    def person(self, obj):
        return f"{obj.individual.full_name} (CRD# {obj.individual.crd_number})"


@admin.register(models.Association)
class AssociationAdmin(IndividualScopedAdmin):
    list_display = ["person", "firm", "kind", "start_date", "end_date"]
    list_select_related = ["individual", "firm"]
    autocomplete_fields = ["individual", "firm"]
    list_filter = ["kind"]


@admin.register(models.Registration)
class RegistrationAdmin(IndividualScopedAdmin):
    list_display = ["person", "firm", "category", "sro", "jurisdiction", "status", "status_date"]
    list_select_related = ["individual", "firm", "category", "jurisdiction"]
    autocomplete_fields = ["individual", "firm"]
    list_filter = ["status", "sro", "category"]


@admin.register(models.ExamResult)
class ExamResultAdmin(IndividualScopedAdmin):
    list_display = ["person", "exam", "taken_on", "outcome", "score", "valid_until"]
    list_select_related = ["individual", "exam"]
    list_filter = ["outcome", "exam"]


@admin.register(models.EmploymentHistory)
class EmploymentHistoryAdmin(IndividualScopedAdmin):
    list_display = ["person", "kind", "employer_name", "start_date", "end_date"]
    list_filter = ["kind"]


@admin.register(models.ResidenceHistory)
class ResidenceHistoryAdmin(IndividualScopedAdmin):
    list_display = ["person", "city", "state", "from_date", "to_date"]


@admin.register(models.Disclosure)
class DisclosureAdmin(IndividualScopedAdmin):
    list_display = ["person", "kind", "event_date", "status"]
    list_filter = ["kind", "status"]


@admin.register(models.Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "validity_years", "requires_sponsor"]
    search_fields = ["code", "name"]
    filter_horizontal = ["corequisites"]


@admin.register(models.RegistrationCategory)
class RegistrationCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_state", "is_principal"]
    search_fields = ["code", "name"]
    filter_horizontal = ["qualifying_exams"]


@admin.register(models.Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    search_fields = ["code", "name"]


@admin.register(models.Attestation)
class AttestationAdmin(admin.ModelAdmin):
    """Read-only: attestations are the rep's own statements, made only through crd.services."""

    list_display = ["individual", "firm", "answer", "attested_at"]
    list_select_related = ["individual", "firm"]
    list_filter = ["answer"]
    search_fields = ["individual__last_name", "=individual__crd_number", "firm__name"]
    readonly_fields = [f.name for f in models.Attestation._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
