"""Support staff edit the Regulatory Element content (years, groups, modules, pages,
questions) here. Plans and progress are read-only: they change only through ce.services."""

from django.contrib import admin

from finpro.admin import ReadOnlyAdmin

from .models import (
    CategoryGroup,
    CENotice,
    CEYear,
    LearningPlan,
    Module,
    ModulePage,
    Option,
    PlanEvent,
    PlanModule,
    Question,
    RegulatoryElementFee,
)


class CategoryGroupInline(admin.TabularInline):
    model = CategoryGroup
    extra = 0
    fields = ["name", "position"]
    show_change_link = True


@admin.register(CEYear)
class CEYearAdmin(admin.ModelAdmin):
    list_display = ["year", "title"]
    inlines = [CategoryGroupInline]


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0
    fields = ["title", "estimated_minutes", "position"]
    show_change_link = True


@admin.register(CategoryGroup)
class CategoryGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "ce_year", "position"]
    list_filter = ["ce_year"]
    filter_horizontal = ["categories"]
    inlines = [ModuleInline]


class ModulePageInline(admin.StackedInline):
    model = ModulePage
    extra = 0


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "estimated_minutes", "position"]
    list_filter = ["group__ce_year", "group"]
    search_fields = ["title"]
    inlines = [ModulePageInline, QuestionInline]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["prompt", "module", "position"]
    list_filter = ["module__group__ce_year"]
    search_fields = ["prompt"]
    inlines = [OptionInline]


class PlanModuleInline(admin.TabularInline):
    model = PlanModule
    fields = ["module", "status", "furthest_page", "started_at", "completed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PlanEventInline(admin.TabularInline):
    model = PlanEvent
    fields = ["created_at", "kind", "detail", "user"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LearningPlan)
class LearningPlanAdmin(ReadOnlyAdmin):
    list_display = ["individual", "ce_year", "status", "satisfied_at"]
    list_filter = ["ce_year", "status"]
    search_fields = ["individual__crd_number", "individual__last_name"]
    list_select_related = ["individual", "ce_year"]
    inlines = [PlanModuleInline, PlanEventInline]


@admin.register(RegulatoryElementFee)
class RegulatoryElementFeeAdmin(ReadOnlyAdmin):
    list_display = ["individual", "ce_year", "firm", "amount_cents", "created_at"]
    list_select_related = ["individual", "ce_year", "firm"]


@admin.register(CENotice)
class CENoticeAdmin(ReadOnlyAdmin):
    list_display = ["individual", "ce_year", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["individual", "ce_year"]


# --- IAR CE ---------------------------------------------------------------------------------------

from django.contrib import messages  # noqa: E402

from .iar_services import provider_token_issue, provider_token_revoke  # noqa: E402
from .models import (  # noqa: E402
    IarCeAdoption,
    IarCeCarryOver,
    IarCeCourse,
    IarCeCredit,
    IarCeProvider,
    IarCeProviderToken,
    IarCeReportingFee,
)


@admin.register(IarCeAdoption)
class IarCeAdoptionAdmin(admin.ModelAdmin):
    list_display = ["jurisdiction", "adopted", "effective_year"]
    list_filter = ["adopted"]
    list_select_related = ["jurisdiction"]


class IarCeCourseInline(admin.TabularInline):
    model = IarCeCourse
    extra = 0


@admin.register(IarCeProvider)
class IarCeProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "provider_number", "approved"]
    search_fields = ["name", "provider_number"]
    inlines = [IarCeCourseInline]
    actions = ["issue_token"]

    @admin.action(description="Issue an API token (shown once)", permissions=["change"])
    def issue_token(self, request, queryset):
        for provider in queryset:
            _row, token = provider_token_issue(provider=provider, label=f"issued by {request.user.username}")
            messages.warning(request, f"Token for {provider.provider_number}: {token} — copy it now; it is not "
                                      "shown again.")


@admin.register(IarCeProviderToken)
class IarCeProviderTokenAdmin(ReadOnlyAdmin):
    list_display = ["provider", "label", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_select_related = ["provider"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("ce.change_iarceprovidertoken")

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request, queryset):
        for token in queryset:
            provider_token_revoke(token=token)


@admin.register(IarCeCredit)
class IarCeCreditAdmin(ReadOnlyAdmin):
    list_display = ["individual", "year", "component", "credits", "source", "provider", "completed_on"]
    list_filter = ["year", "component", "source"]
    search_fields = ["individual__crd_number"]
    list_select_related = ["individual", "provider"]


@admin.register(IarCeReportingFee)
class IarCeReportingFeeAdmin(ReadOnlyAdmin):
    list_display = ["provider", "amount_cents", "created_at"]
    list_select_related = ["provider"]


@admin.register(IarCeCarryOver)
class IarCeCarryOverAdmin(ReadOnlyAdmin):
    list_display = ["individual", "year", "status", "paid_by", "firm"]
    list_select_related = ["individual", "firm"]
