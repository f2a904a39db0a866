from django.contrib import admin

from volunteers.models import StarLevel, Team, VolunteerSettings


@admin.register(VolunteerSettings)
class VolunteerSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "registration_target", "participation_target", "inactive_months", "geofence_m"]

    def has_add_permission(self, request):
        return not VolunteerSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StarLevel)
class StarLevelAdmin(admin.ModelAdmin):
    list_display = ["stars", "name", "min_hours"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    # Volunteers are not listed here: their ID numbers and phones are shown only on the station's pages, masked.
    list_display = ["name", "kind", "org_unit"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["leader", "members", "org_unit"]
    exclude = ["scope_path"]

    def save_model(self, request, obj, form, change):
        obj.scope_path = obj.org_unit.path
        super().save_model(request, obj, form, change)
