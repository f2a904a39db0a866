"""Staff pages of projects and task forces: list, map, project page with its timeline, photos and cases."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.selectors import scope_path, visible_org_units
from civicgrid.forms import service_errors
from projects import selectors, services
from projects.forms import (
    CaseLinkForm,
    MilestoneForm,
    MilestoneRecordForm,
    PhotoForm,
    ProjectFilterForm,
    ProjectForm,
    TaskForceForm,
)
from projects.models import Milestone, Project, ProjectKind
from projects.selectors import MANAGE_ROLES, PAGE_ROLES

PAGE_SIZE = 30


def map_settings() -> dict:
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "center": settings.MAP_CENTER,
        "zoom": settings.MAP_ZOOM,
    }


def _may_add(user) -> bool:
    path = scope_path(user)
    return path is not None and user.has_role(*MANAGE_ROLES)


@role_required(*PAGE_ROLES)
def project_list(request):
    form = ProjectFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    projects = selectors.project_list(request.user, kind=data.get("kind", ""), text=data.get("q", ""))
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    for project in page.object_list:
        project.percent = selectors.percent(project)
    context = {"page": page, "form": form, "can_add": _may_add(request.user), "kinds": ProjectKind.choices}
    return render(request, "projects/list.html", context)


@role_required(*PAGE_ROLES)
def project_map(request):
    return render(request, "projects/map.html", {"map_config": map_settings()})


@role_required(*PAGE_ROLES)
def projects_geojson(request):
    """The visible projects as GeoJSON (areas or points); with ?unit= the command screen's layer of that unit."""
    unit_id = request.GET.get("unit")
    if unit_id:
        if not unit_id.isdigit():
            return JsonResponse({"errors": {"unit": [_("Not a unit.")]}}, status=400)
        unit = visible_org_units(request.user).filter(pk=unit_id).first()
        if unit is None:
            raise Http404
        features = selectors.screen_points(request.user, path=unit.path)
    else:
        features = selectors.project_features(selectors.visible_projects(request.user))
    return JsonResponse({"type": "FeatureCollection", "features": features}, content_type="application/geo+json")


def _project(request, pk: int) -> Project:
    try:
        return selectors.project_detail(pk, queryset=selectors.visible_projects(request.user))
    except Project.DoesNotExist:
        raise Http404 from None


@role_required(*PAGE_ROLES)
def project_detail(request, pk: int, *, milestone_form=None, photo_form=None, case_form=None, status=200):
    project = _project(request, pk)
    may_record = selectors.may_record(request.user, project)
    card = selectors.project_card(project)
    # Each milestone row carries its own small form (its fields prefixed m<pk>) for those who record progress.
    card["milestones"] = [
        (milestone, late, MilestoneRecordForm(instance=milestone, prefix=f"m{milestone.pk}") if may_record else None)
        for milestone, late in card["milestones"]
    ]
    context = {
        "project": project,
        **card,
        "cases": selectors.linked_cases(project, request.user),
        "may_record": may_record,
        "may_edit": selectors.may_manage(request.user, path=project.scope_path),
        "milestone_form": milestone_form or MilestoneForm(),
        "photo_form": photo_form or PhotoForm(),
        "case_form": case_form or CaseLinkForm(),
        "map_config": map_settings(),
        "feature": selectors.project_features(Project.objects.filter(pk=project.pk)),
    }
    return render(request, "projects/detail.html", context, status=status)


def _edit_project(request, project: Project | None):
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.project_save(actor=request.user, project=project, **data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Project saved."))
            return redirect("projects:detail", saved.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "project": project, "map_config": map_settings()}
    return render(request, "projects/form.html", context, status=status)


@role_required(*MANAGE_ROLES)
def project_new(request):
    return _edit_project(request, None)


@role_required(*MANAGE_ROLES)
def project_edit(request, pk: int):
    project = _project(request, pk)
    if not selectors.may_manage(request.user, path=project.scope_path):
        raise PermissionDenied
    return _edit_project(request, project)


def _recordable(request, pk: int) -> Project:
    project = _project(request, pk)
    if not selectors.may_record(request.user, project):
        raise PermissionDenied
    return project


@require_POST
@role_required(*PAGE_ROLES)
def milestone_save(request, pk: int):
    """Add a milestone, or (with `milestone`) record its actual dates."""
    project = _recordable(request, pk)
    if request.POST.get("milestone"):
        milestone = Milestone.objects.filter(project=project, pk=request.POST["milestone"]).first()
        if milestone is None:
            raise Http404
        form = MilestoneRecordForm(request.POST, instance=milestone, prefix=f"m{milestone.pk}")
        if form.is_valid():
            try:
                services.milestone_record(actor=request.user, milestone=milestone, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(e for errors in exc.message_dict.values() for e in errors))
            else:
                messages.success(request, _("Milestone saved."))
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("projects:detail", project.pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_save(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Milestone saved."))
            return redirect("projects:detail", project.pk)
    return project_detail(request, pk, milestone_form=form, status=400)


@require_POST
@role_required(*PAGE_ROLES)
def photos_add(request, pk: int):
    project = _recordable(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            data = form.cleaned_data
            added = services.photos_add(
                actor=request.user, project=project, phase=data["phase"], files=data["photos"], caption=data["caption"]
            )
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("%(count)d photo(s) added.") % {"count": len(added)})
            return redirect("projects:detail", project.pk)
    return project_detail(request, pk, photo_form=form, status=400)


@require_POST
@role_required(*PAGE_ROLES)
def case_link(request, pk: int):
    project = _recordable(request, pk)
    form = CaseLinkForm(request.POST)
    if form.is_valid():
        try:
            services.case_link(actor=request.user, project=project, number=form.cleaned_data["number"])
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Case linked."))
            return redirect("projects:detail", project.pk)
    return project_detail(request, pk, case_form=form, status=400)


@role_required(*PAGE_ROLES)
def late_list(request):
    path = scope_path(request.user)
    milestones = selectors.late_milestones(path=path).filter(project__in=selectors.visible_projects(request.user))
    page = Paginator(milestones, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/late.html", {"page": page})


@role_required(*PAGE_ROLES)
def task_force_list(request):
    task_forces = (
        selectors.visible_task_forces(request.user)
        .select_related("leader", "org_unit")
        .prefetch_related("members", "projects")
        .order_by("scope_path", "name")
    )
    page = Paginator(task_forces, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/task_forces.html", {"page": page, "can_add": _may_add(request.user)})


def _edit_task_force(request, task_force):
    form = TaskForceForm(request.POST or None, instance=task_force, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["members"] = list(data["members"])
        try:
            services.task_force_save(actor=request.user, task_force=task_force, **data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Task force saved."))
            return redirect("projects:task_forces")
    status = 400 if form.errors else 200
    return render(request, "projects/task_force_form.html", {"form": form, "task_force": task_force}, status=status)


@role_required(*MANAGE_ROLES)
def task_force_new(request):
    return _edit_task_force(request, None)


@role_required(*MANAGE_ROLES)
def task_force_edit(request, pk: int):
    task_force = get_object_or_404(selectors.visible_task_forces(request.user), pk=pk)
    if not selectors.may_manage(request.user, path=task_force.scope_path):
        raise PermissionDenied
    return _edit_task_force(request, task_force)
