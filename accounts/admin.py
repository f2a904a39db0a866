from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from accounts.models import Department, OrgUnit, User

admin.site.site_header = _("CivicGrid administration")
admin.site.site_title = _("CivicGrid administration")
admin.site.index_title = _("Reference data and accounts")


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin):
    form = movenodeform_factory(OrgUnit, fields=["code", "name", "kind", "phone", "address", "is_active"])
    list_display = ["name", "code", "kind", "is_active", "is_demo"]
    list_filter = ["kind", "is_active", "is_demo"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "org_unit", "phone", "is_active", "is_demo"]
    list_filter = ["is_active", "is_demo"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["org_unit"]
    list_select_related = ["org_unit"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "name", "org_unit", "department", "is_active", "last_login"]
    list_filter = ["roles", "is_active", "is_staff", "is_superuser", "is_demo"]
    search_fields = ["username", "name", "email"]  # not the phone: it is encrypted (civicgrid.personal)
    list_select_related = ["org_unit", "department"]
    autocomplete_fields = ["org_unit", "department"]
    filter_horizontal = ["roles", "groups", "user_permissions"]
    ordering = ["username"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("name", "phone", "email")}),
        (_("Organisation"), {"fields": ("org_unit", "department", "roles")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "name", "org_unit", "department", "roles", "password1", "password2"),
            },
        ),
    )
