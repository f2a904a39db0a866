from django.contrib import admin

from command.models import DailyStat, Report, ReportSubscription, RollupCursor, ScoreScheme


@admin.register(ScoreScheme)
class ScoreSchemeAdmin(admin.ModelAdmin):
    list_display = ("subject", "weights", "bands", "updated_at")


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("kind", "org_unit", "is_active", "last_sent_start")
    list_filter = ("kind", "is_active")
    autocomplete_fields = ("org_unit",)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("kind", "org_unit", "start", "end", "status", "created_at")
    list_filter = ("kind", "status")
    readonly_fields = ("created_at", "finished_at")


@admin.register(DailyStat)
class DailyStatAdmin(admin.ModelAdmin):
    """Read-only: rollups are derived data (rebuild them with `manage.py rebuild_rollups`)."""

    list_display = ("day", "kind", "subject_id", "reports", "filed", "closed")
    list_filter = ("kind",)
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RollupCursor)
class RollupCursorAdmin(admin.ModelAdmin):
    list_display = ("name", "last_event_id", "updated_at")
    readonly_fields = ("name", "last_event_id", "gap_seen_at", "updated_at")
