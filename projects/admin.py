from django.contrib import admin

from projects.models import Milestone, Project, TaskForce


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "org_unit", "households", "budget", "is_public")
    list_filter = ("kind", "is_public")
    search_fields = ("name",)
    inlines = [MilestoneInline]
    readonly_fields = ("scope_path",)


@admin.register(TaskForce)
class TaskForceAdmin(admin.ModelAdmin):
    list_display = ("name", "org_unit", "leader")
    search_fields = ("name",)
    filter_horizontal = ("members",)
