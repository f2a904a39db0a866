from django.contrib import admin

from patrols.models import CheckPoint, PatrolSession, PatrolSettings, PatrolTeam, RosterEntry, TeamMember


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(PatrolTeam)
class PatrolTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "org_unit", "leader", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["grids"]
    autocomplete_fields = ["leader"]
    inlines = [TeamMemberInline]


@admin.register(CheckPoint)
class CheckPointAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "grid", "lng", "lat", "radius_m", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "grid__name"]


@admin.register(RosterEntry)
class RosterEntryAdmin(admin.ModelAdmin):
    list_display = ["day", "shift", "grid", "user", "team", "status", "reminded_at"]
    list_filter = ["status", "shift", "team"]
    date_hierarchy = "day"
    raw_id_fields = ["grid", "user", "original_user"]


@admin.register(PatrolSession)
class PatrolSessionAdmin(admin.ModelAdmin):
    list_display = ["started_at", "user", "grid", "status", "distance_m", "is_flagged", "review", "counted"]
    list_filter = ["status", "is_flagged", "review"]
    date_hierarchy = "day"
    raw_id_fields = ["user", "team", "grid", "reviewed_by"]
    exclude = ["track_wkb"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PatrolSettings)
class PatrolSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not PatrolSettings.objects.exists()
