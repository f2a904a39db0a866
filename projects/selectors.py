"""Reads of projects and task forces. Who sees what is decided here (visible_projects, may_record)."""

from datetime import date

from django.core.cache import cache
from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import RoleCode, User
from accounts.selectors import scope_path
from projects.models import Milestone, PhotoPhase, Project, ProjectPhoto, TaskForce
from projects.progress import is_late, progress_percent

# Staff who see every project in their area.
VIEW_ROLES = (
    RoleCode.ADMIN,
    RoleCode.COMMANDER,
    RoleCode.SHIFT_LEAD,
    RoleCode.ASSESSOR,
    RoleCode.DISPATCHER,
    RoleCode.OPERATOR,
)
# Staff who open, change and staff projects and task forces in their area.
MANAGE_ROLES = (RoleCode.ADMIN, RoleCode.COMMANDER)
# Anyone who may sit on a task force; they see their task force's projects, whatever their area.
PAGE_ROLES = (*VIEW_ROLES, RoleCode.HANDLER, RoleCode.PATROLLER)
SCREEN_SECONDS = 60


def _served_task_forces(user: User) -> QuerySet[TaskForce]:
    return TaskForce.objects.filter(Q(leader=user) | Q(members=user)).values("pk")


def visible_projects(user: User) -> QuerySet[Project]:
    """Projects in the area of a viewing role, and those of the task forces the user leads or sits on."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Project.objects.none()
    condition = Q(task_force__in=_served_task_forces(user))
    path = scope_path(user)
    if path is not None and user.has_role(*VIEW_ROLES):
        condition |= Q(scope_path__startswith=path)
    return Project.objects.filter(condition)


def visible_task_forces(user: User) -> QuerySet[TaskForce]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return TaskForce.objects.none()
    condition = Q(pk__in=_served_task_forces(user))
    path = scope_path(user)
    if path is not None and user.has_role(*VIEW_ROLES):
        condition |= Q(scope_path__startswith=path)
    return TaskForce.objects.filter(condition)


def may_manage(user: User, *, path: str) -> bool:
    """Open or change projects and task forces under `path`."""
    own = scope_path(user)
    return own is not None and user.has_role(*MANAGE_ROLES) and path.startswith(own)


def may_record(user: User, project: Project) -> bool:
    """Record milestone dates, photos and linked cases: the managers of its area and its task force."""
    if may_manage(user, path=project.scope_path):
        return True
    task_force = project.task_force
    if task_force is None:
        return False
    return task_force.leader_id == user.pk or task_force.members.filter(pk=user.pk).exists()


def with_progress(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Each project with `weight_total`, `weight_done` and `open_late` in one query (the list pages)."""
    today = timezone.localdate()
    zero = Value(0, output_field=IntegerField())
    return projects.annotate(
        weight_total=Coalesce(Sum("milestones__weight"), zero),
        weight_done=Coalesce(Sum("milestones__weight", filter=Q(milestones__actual_end__isnull=False)), zero),
        open_late=Count("milestones", filter=Q(milestones__actual_end__isnull=True, milestones__planned_end__lt=today)),
    )


def percent(project: Project) -> int:
    """The annotated project's progress: the same rule as projects.progress.progress_percent."""
    return project.weight_done * 100 // project.weight_total if project.weight_total else 0


def project_list(user: User, *, kind: str = "", text: str = "") -> QuerySet[Project]:
    projects = visible_projects(user).select_related("org_unit", "task_force")
    if kind:
        projects = projects.filter(kind=kind)
    if text:
        projects = projects.filter(name__icontains=text)
    return with_progress(projects).order_by("scope_path", "name", "pk")


def project_card(project: Project, *, today: date | None = None) -> dict:
    """What a project page shows: milestones with lateness, photos by phase, progress and the timeline."""
    today = today or timezone.localdate()
    milestones = list(project.milestones.all())
    photos = {phase: [] for phase in PhotoPhase.values}
    for photo in project.photos.all():
        photos[photo.phase].append(photo)
    return {
        "milestones": [(m, is_late(m, today)) for m in milestones],
        "progress": progress_percent(milestones),
        "timeline": timeline(milestones, today=today),
        "photos": [(phase, label, photos[phase]) for phase, label in PhotoPhase.choices],
        "late": sum(1 for m in milestones if is_late(m, today)),
    }


def timeline(milestones: list[Milestone], *, today: date) -> dict | None:
    """A Gantt-like chart as CSS bars: each milestone's planned and actual spans, in percent of the whole span."""
    if not milestones:
        return None
    dates = [m.planned_start for m in milestones] + [m.planned_end for m in milestones]
    dates += [d for m in milestones for d in (m.actual_start, m.actual_end) if d]
    start, end = min(dates), max(max(dates), today)
    days = max((end - start).days + 1, 1)

    def span(first: date | None, last: date | None) -> dict | None:
        if first is None:
            return None
        last = last or today
        if last < first:
            last = first
        return {
            "left": round((first - start).days * 100 / days, 2),
            "width": round(max(((last - first).days + 1) * 100 / days, 0.8), 2),
        }

    rows = []
    for milestone in milestones:
        actual_first = milestone.actual_start or (milestone.planned_start if milestone.actual_end else None)
        rows.append(
            {
                "milestone": milestone,
                "planned": span(milestone.planned_start, milestone.planned_end),
                "actual": span(actual_first, milestone.actual_end),
                "late": is_late(milestone, today),
                "done": milestone.is_done,
            }
        )
    today_left = round((today - start).days * 100 / days, 2) if start <= today <= end else None
    # Month marks along the top, at most about eight of them so the labels do not run into each other.
    first_months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, -(-first_months // 8))
    months = []
    cursor, index = date(start.year, start.month, 1), 0
    while cursor <= end:
        if cursor >= start and index % step == 0:
            months.append({"label": f"{cursor:%Y-%m}", "left": round((cursor - start).days * 100 / days, 2)})
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
        index += 1
    return {"start": start, "end": end, "rows": rows, "today": today_left, "months": months}


def project_detail(project_id: int, *, queryset: QuerySet[Project]) -> Project:
    return (
        queryset.select_related("org_unit", "task_force__leader", "task_force__org_unit")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("order", "planned_start", "pk")),
            Prefetch("photos", queryset=ProjectPhoto.objects.order_by("created_at", "pk")),
            "task_force__members",
        )
        .get(pk=project_id)
    )


def linked_cases(project: Project, user: User) -> list[dict]:
    """The project's linked cases: those the viewer may see come with the case itself; the others by number only."""
    from cases.selectors import visible_cases

    links = list(project.case_links.order_by("-linked_at", "pk")[:200])
    cases = visible_cases(user).filter(pk__in=[link.case_id for link in links]).select_related("category")
    by_id = {case.pk: case for case in cases}
    return [{"link": link, "case": by_id.get(link.case_id)} for link in links]


def find_case(user: User, number: str):
    """The case with this number among those the user may see, or None."""
    from cases.selectors import visible_cases

    return visible_cases(user).filter(number=number.strip()).first()


def public_projects() -> QuerySet[Project]:
    return with_progress(Project.objects.filter(is_public=True).select_related("org_unit")).order_by(
        "-updated_at", "pk"
    )


def late_milestones(*, path: str, today: date | None = None) -> QuerySet[Milestone]:
    today = today or timezone.localdate()
    return (
        Milestone.objects.filter(actual_end__isnull=True, planned_end__lt=today, project__scope_path__startswith=path)
        .select_related("project")
        .order_by("planned_end", "pk")
    )


def late_milestone_count(*, path: str) -> int:
    """The command screen's tile: polled by every screen, so shared through the cache for SCREEN_SECONDS."""
    key = f"projects:late:{timezone.localdate()}:{path}"
    value = cache.get(key)
    if value is None:
        value = late_milestones(path=path).count()
        cache.set(key, value, SCREEN_SECONDS)
    return value


def project_features(projects: QuerySet[Project], *, limit: int = 2000) -> list[dict]:
    """GeoJSON features of the projects: the area when drawn, else the point; status "failing" with late milestones."""
    from django.urls import reverse

    features = []
    for project in with_progress(projects).order_by("-pk")[:limit]:
        geometry = project.area or {"type": "Point", "coordinates": [project.lng, project.lat]}
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "id": project.pk,
                    "name": project.name,
                    "kind": project.get_kind_display(),
                    "progress": percent(project),
                    "status": "failing" if project.open_late else "ok",
                    "url": reverse("projects:detail", args=[project.pk]),
                },
            }
        )
    return features


def screen_points(user: User, *, path: str, limit: int = 2000) -> list[dict]:
    """The command screen's layer: one point per project under `path` that the user may see, late ones failing."""
    from django.urls import reverse

    rows = with_progress(visible_projects(user).filter(scope_path__startswith=path)).order_by("-pk")[:limit]
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row.lng, row.lat]},
            "properties": {
                "name": row.name,
                "status": "failing" if row.open_late else "ok",
                "url": reverse("projects:detail", args=[row.pk]),
            },
        }
        for row in rows
    ]


def photo_of_file(user: User, name: str) -> ProjectPhoto | None:
    return (
        ProjectPhoto.objects.filter(Q(file=name) | Q(thumbnail=name), project__in=visible_projects(user))
        .only("pk")
        .first()
    )


def public_photo(photo_id: int) -> ProjectPhoto | None:
    return ProjectPhoto.objects.filter(pk=photo_id, project__is_public=True).first()
