from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from assessment import services
from assessment.models import (
    ActionTask,
    AssessmentSettings,
    CampaignAction,
    CheckItem,
    Indicator,
    LocationType,
    Scheme,
    Site,
)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["code", "name", "parent", "full_marks", "cap", "order"]
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "version", "status", "full_marks", "created_at"]
    list_filter = ["kind", "status"]
    inlines = [IndicatorInline]
    actions = ["new_version", "activate"]

    def get_readonly_fields(self, request, obj=None):
        # A scheme in use or retired is what past checks were scored on: change a new version instead.
        if obj is not None and obj.status != "draft":
            return ["kind", "name", "version", "status", "full_marks"]
        return ["status"]

    @admin.action(description=_("Make a new draft version"))
    def new_version(self, request, queryset):
        for scheme in queryset:
            draft = services.scheme_new_version(actor=request.user, scheme=scheme)
            messages.success(request, _("Draft %(scheme)s created.") % {"scheme": draft})

    @admin.action(description=_("Put in use (retires the version in use)"))
    def activate(self, request, queryset):
        for scheme in queryset:
            services.scheme_activate(actor=request.user, scheme=scheme)


@admin.register(CheckItem)
class CheckItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "location_type", "indicator", "points", "cap_per_place", "category", "scheme"]
    list_filter = ["scheme", "location_type", "indicator__name"]
    search_fields = ["code", "name", "requirement"]
    autocomplete_fields = ["category"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.scheme.status != "draft":
            return [f.name for f in CheckItem._meta.fields]
        return []


@admin.register(LocationType)
class LocationTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sample_size", "check_every_days", "order"]
    list_editable = ["sample_size", "check_every_days"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "location_type", "org_unit", "inspector", "is_old_compound", "is_active", "is_demo"]
    list_filter = ["location_type", "is_active", "is_demo"]
    search_fields = ["name", "address"]
    readonly_fields = ["grid", "org_unit", "scope_path"]
    raw_id_fields = ["inspector"]


@admin.register(AssessmentSettings)
class AssessmentSettingsAdmin(admin.ModelAdmin):
    list_display = ["recent_days", "due_soon_days"]

    def has_add_permission(self, request):
        return not AssessmentSettings.objects.exists()


class ActionTaskInline(admin.TabularInline):
    model = ActionTask
    fields = ["title", "owner", "due_on", "order", "done_at"]
    readonly_fields = ["done_at"]
    raw_id_fields = ["owner"]
    extra = 1


@admin.register(CampaignAction)
class CampaignActionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "org_unit", "owner", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["owner"]
    inlines = [ActionTaskInline]
