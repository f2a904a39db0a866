from django.contrib import admin, messages
from django.db.models.functions import ExtractYear
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.deadlines import missing_calendar_years
from cases.models import CalendarDay, CalendarYear, YearStatus


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.annotate(year=ExtractYear("date")).values_list("year", flat=True).distinct()
        return [(str(year), str(year)) for year in sorted(set(years), reverse=True)]

    def queryset(self, request, queryset):
        if (self.value() or "").isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


class HolidayFilter(admin.SimpleListFilter):
    title = _("holiday")
    parameter_name = "holiday"

    def lookups(self, request, model_admin):
        names = CalendarDay.objects.exclude(holiday="").values_list("holiday", flat=True).distinct()
        return [(name, name) for name in sorted(set(names))]

    def queryset(self, request, queryset):
        return queryset.filter(holiday=self.value()) if self.value() else queryset


def _warn_missing_years(request) -> None:
    missing = missing_calendar_years()
    if missing:
        messages.warning(
            request,
            _("Work calendar missing for %(years)s: deadlines that reach these years are provisional.")
            % {"years": ", ".join(str(year) for year in missing)},
        )


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "holiday", "source", "updated_at"]
    list_filter = ["kind", YearFilter, HolidayFilter]
    search_fields = ["holiday", "source", "date"]
    date_hierarchy = "date"
    ordering = ["-date"]
    fields = ["date", "kind", "holiday", "source"]
    list_per_page = 100

    @admin.display(description=_("weekday"))
    def weekday(self, day: CalendarDay) -> str:
        return date_format(day.date, "l")

    def changelist_view(self, request, extra_context=None):
        _warn_missing_years(request)
        return super().changelist_view(request, extra_context)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "status_badge", "source", "missing_since", "last_needed_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["year", "source", "note"]
    fields = ["year", "status", "source", "note", "missing_since", "last_needed_at"]
    readonly_fields = ["missing_since", "last_needed_at"]
    actions = ["mark_published"]

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, year: CalendarYear):
        if year.is_published:
            return year.get_status_display()
        return format_html(
            '<strong style="color:#fff;background:#c0392b;padding:2px 6px;border-radius:3px">{}</strong>',
            year.get_status_display(),
        )

    @admin.action(description=_("Mark the selected years published (their days are loaded)"))
    def mark_published(self, request, queryset):
        for year in queryset:
            year.status = YearStatus.PUBLISHED
            year.save(update_fields=["status", "updated_at"])
        self.message_user(request, _("Marked published."), messages.SUCCESS)

    def changelist_view(self, request, extra_context=None):
        _warn_missing_years(request)
        return super().changelist_view(request, extra_context)


# --- Catalogue, workflow settings, cases, integrations -------------------------------------

from cases import services as case_services  # noqa: E402
from cases.models import (  # noqa: E402
    Case,
    CaseEvent,
    Category,
    FilingCondition,
    StageLimit,
    WorkflowSettings,
)
from cases.selectors import overdue_now  # noqa: E402


class FilingConditionInline(admin.TabularInline):
    model = FilingCondition
    extra = 0
    fields = ["position", "text", "limit", "unit", "urgent", "closing", "is_active"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "major_name", "default_department", "revision", "is_active", "published"]
    list_filter = ["kind", "major_name", "is_active", "published"]
    search_fields = ["code", "minor_name", "major_name", "minor_code"]
    autocomplete_fields = ["default_department"]
    readonly_fields = ["revision"]
    inlines = [FilingConditionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        case_services.category_record_revision(actor=request.user, category=form.instance)


@admin.register(StageLimit)
class StageLimitAdmin(admin.ModelAdmin):
    list_display = ["stage", "amount", "unit"]


@admin.register(WorkflowSettings)
class WorkflowSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "warn_fraction",
        "escalate_after_hours",
        "reopen_days",
        "duplicate_radius_m",
        "duplicate_days",
        "intake_approval",
    ]

    def has_add_permission(self, request):
        return not WorkflowSettings.objects.exists()


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    fields = ["created_at", "action", "actor_label", "from_state", "to_state", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("1", _("Yes")), ("0", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(overdue_now())
        if self.value() == "0":
            return queryset.exclude(overdue_now())
        return queryset


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: a case changes only through its workflow (cases.services.transition)."""

    list_display = [
        "number",
        "state",
        "source",
        "category",
        "lead_department",
        "due_at",
        "overdue",
        "supervised",
        "reported_at",
    ]
    list_filter = ["state", "source", OverdueFilter, "supervised", "urgent"]
    search_fields = ["number", "tracking_code", "description", "address"]
    list_select_related = ["category", "lead_department"]
    date_hierarchy = "reported_at"
    inlines = [CaseEventInline]
    show_full_result_count = False  # no COUNT(*) over millions of rows on every page

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, case: Case) -> bool:
        return case.is_overdue

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Case._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
