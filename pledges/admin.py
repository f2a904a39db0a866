from django.contrib import admin

from pledges.models import Pledge


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ("title", "org_unit", "source", "owner", "promised_on", "status", "feedback")
    list_filter = ("status", "source", "feedback")
    search_fields = ("title", "case_number")
    readonly_fields = ("scope_path", "case_id")
