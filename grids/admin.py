from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grids.models import Grid, GridGeometryVersion, GridImport, GridMember, PartnerUnit


class GridMemberInline(admin.TabularInline):
    model = GridMember
    extra = 0
    autocomplete_fields = ["user", "partner_unit"]


class GridGeometryVersionInline(admin.TabularInline):
    model = GridGeometryVersion
    extra = 0
    fields = ["version", "area_m2", "changed_by", "changed_at", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    """Details are edited here; outlines change through the map editor or an import, which keep the history."""

    list_display = ["name", "code", "kind", "org_unit", "population", "households", "area_km2_display", "map_link"]
    list_filter = ["kind", "is_active", "is_demo"]
    search_fields = ["name", "code"]
    list_select_related = ["org_unit"]
    autocomplete_fields = ["parent", "org_unit"]
    fields = ["code", "name", "kind", "parent", "org_unit", "population", "households", "is_active", "geometry_version"]
    readonly_fields = ["geometry_version"]
    inlines = [GridMemberInline, GridGeometryVersionInline]

    @admin.display(description=_("area (km²)"))
    def area_km2_display(self, grid):
        return f"{grid.area_km2:.3f}"

    @admin.display(description=_("outline"))
    def map_link(self, grid):
        return format_html('<a href="{}">{}</a>', reverse("grids:detail", args=[grid.pk]), _("edit on map"))

    def has_add_permission(self, request):
        return False  # a grid needs an outline: import it or create it in code


@admin.register(PartnerUnit)
class PartnerUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "address"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["grids"]


@admin.register(GridImport)
class GridImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "created", "updated", "uploaded_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in GridImport._meta.fields]

    def has_add_permission(self, request):
        return False
