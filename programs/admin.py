"""Support staff: support admins keep the programs and their participating jurisdictions
(reference data); everything else is read here and changes only through programs.services."""

from django.contrib import admin

from finpro.admin import ReadOnlyAdmin

from .models import (
    DisqualificationFlag,
    Eligibility,
    Enrollment,
    ParticipatingJurisdiction,
    Program,
    ProgramEvent,
    ProgramYear,
)


class ParticipatingJurisdictionInline(admin.TabularInline):
    model = ParticipatingJurisdiction
    extra = 0
    fields = ["jurisdiction", "adopted_on"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sponsor", "fee_cents", "max_years", "elect_within_days"]
    inlines = [ParticipatingJurisdictionInline]


@admin.register(ParticipatingJurisdiction)
class ParticipatingJurisdictionAdmin(admin.ModelAdmin):
    list_display = ["program", "jurisdiction", "adopted_on"]
    list_filter = ["program"]
    list_select_related = ["program", "jurisdiction"]


@admin.register(DisqualificationFlag)
class DisqualificationFlagAdmin(admin.ModelAdmin):
    """Support admins flag a disclosure as a statutory disqualification (programs.services ends
    the person's participation); a flag is never edited or removed here."""

    list_display = ["individual", "disclosure", "flagged_on"]
    list_select_related = ["individual", "disclosure"]
    fields = ["disclosure", "note"]
    raw_id_fields = ["disclosure"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from .services import disqualification_flag

        flag = disqualification_flag(disclosure=obj.disclosure, note=obj.note)
        obj.pk, obj.individual_id, obj.flagged_on = flag.pk, flag.individual_id, flag.flagged_on


@admin.register(Eligibility)
class EligibilityAdmin(ReadOnlyAdmin):
    list_display = ["individual", "program", "eligible", "termination_date", "elect_by", "computed_at"]
    list_filter = ["program", "eligible"]
    list_select_related = ["individual", "program"]


class ProgramYearInline(admin.TabularInline):
    model = ProgramYear
    extra = 0
    can_delete = False
    fields = ["number", "starts_on", "due_on", "fee_paid_at", "ce_completed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ["individual", "program", "status", "termination_date", "ends_on", "end_reason"]
    list_filter = ["program", "status", "end_reason"]
    list_select_related = ["individual", "program"]
    inlines = [ProgramYearInline]


@admin.register(ProgramYear)
class ProgramYearAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "number", "starts_on", "due_on", "fee_paid_at"]
    list_select_related = ["enrollment"]


@admin.register(ProgramEvent)
class ProgramEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "enrollment", "kind", "detail"]
    list_filter = ["kind"]
    list_select_related = ["enrollment"]
