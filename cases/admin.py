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
