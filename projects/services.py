"""Every write of projects and task forces: one transaction, a row lock where two people may race, an audit row."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from audit.services import audit_record
from projects import selectors
from projects.models import Milestone, Project, ProjectCase, ProjectPhoto, TaskForce


class ProjectError(ValidationError):
    """A domain error with a message per field, shown by the form or the API as it is."""


def _area(area: dict | None) -> dict | None:
    from grids.geometry import GeometryError, parse_polygon, to_geojson

    if not area:
        return None
    try:
        return to_geojson(parse_polygon(area))
    except GeometryError as exc:
        raise ProjectError({"area": str(exc)}) from exc


def task_force_save(
    *,
    actor: User,
    task_force: TaskForce | None = None,
    name: str,
    org_unit: OrgUnit,
    leader: User,
    members: list[User],
    duty: str = "",
) -> TaskForce:
    if not selectors.may_manage(actor, path=org_unit.path):
        raise ProjectError({"org_unit": _("You may not manage task forces of this unit.")})
    with transaction.atomic():
        if task_force is None:
            task_force = TaskForce(org_unit=org_unit)
        else:
            task_force = TaskForce.objects.select_for_update().get(pk=task_force.pk)
        task_force.name, task_force.org_unit, task_force.leader, task_force.duty = name, org_unit, leader, duty
        task_force.scope_path = org_unit.path
        try:
            with transaction.atomic():
                task_force.save()
        except IntegrityError as exc:
            raise ProjectError({"name": _("This unit already has a task force of that name.")}) from exc
        task_force.members.set(members)
        audit_record(
            actor=actor,
            action="projects.task_force_save",
            target=task_force,
            summary=task_force.name,
            data={"leader": leader.pk, "members": sorted(m.pk for m in members)},
        )
    return task_force


def project_save(
    *,
    actor: User,
    project: Project | None = None,
    name: str,
    kind: str,
    org_unit: OrgUnit,
    task_force: TaskForce | None,
    lng: float,
    lat: float,
    area: dict | None = None,
    address: str = "",
    households: int = 0,
    budget: Decimal = Decimal("0"),
    summary: str = "",
    is_public: bool = True,
) -> Project:
    if not selectors.may_manage(actor, path=org_unit.path):
        raise ProjectError({"org_unit": _("You may not manage projects of this unit.")})
    clean_area = _area(area)
    with transaction.atomic():
        project = Project() if project is None else Project.objects.select_for_update().get(pk=project.pk)
        fields = dict(
            name=name,
            kind=kind,
            org_unit=org_unit,
            scope_path=org_unit.path,
            task_force=task_force,
            lng=lng,
            lat=lat,
            area=clean_area,
            address=address,
            households=households,
            budget=budget,
            summary=summary,
            is_public=is_public,
        )
        for field, value in fields.items():
            setattr(project, field, value)
        try:
            with transaction.atomic():
                project.save()
        except IntegrityError as exc:
            raise ProjectError({"name": _("This unit already has a project of that name.")}) from exc
        audit_record(actor=actor, action="projects.project_save", target=project, summary=project.name)
    return project


def _check_recorder(actor: User, project: Project) -> None:
    if not selectors.may_record(actor, project):
        raise ProjectError({"__all__": _("Only the project's managers and its task force may record its progress.")})


def milestone_save(
    *,
    actor: User,
    project: Project,
    milestone: Milestone | None = None,
    name: str,
    planned_start: date,
    planned_end: date,
    weight: int = 1,
    actual_start: date | None = None,
    actual_end: date | None = None,
    order: int = 0,
) -> Milestone:
    _check_recorder(actor, project)
    if planned_end < planned_start:
        raise ProjectError({"planned_end": _("The planned end is before the planned start.")})
    if actual_end and actual_end > timezone.localdate():
        raise ProjectError({"actual_end": _("The actual end cannot be in the future.")})
    if actual_end and actual_start and actual_end < actual_start:
        raise ProjectError({"actual_end": _("The actual end is before the actual start.")})
    with transaction.atomic():
        # The project row is the lock: two people editing its milestones at once are serialised.
        Project.objects.select_for_update().filter(pk=project.pk).first()
        if milestone is None:
            milestone = Milestone(project=project)
        else:
            milestone = Milestone.objects.select_for_update().get(pk=milestone.pk, project=project)
        milestone.name, milestone.weight, milestone.order = name, weight, order
        milestone.planned_start, milestone.planned_end = planned_start, planned_end
        milestone.actual_start, milestone.actual_end = actual_start, actual_end
        milestone.save()
        Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())
        audit_record(
            actor=actor,
            action="projects.milestone_save",
            target=milestone,
            summary=f"{project.name} · {milestone.name}",
            data={"actual_end": actual_end.isoformat() if actual_end else None},
        )
    return milestone


def milestone_record(
    *, actor: User, milestone: Milestone, actual_start: date | None, actual_end: date | None
) -> Milestone:
    """The task force records when a milestone really started and ended (an end marks it done)."""
    project = milestone.project
    return milestone_save(
        actor=actor,
        project=project,
        milestone=milestone,
        name=milestone.name,
        planned_start=milestone.planned_start,
        planned_end=milestone.planned_end,
        weight=milestone.weight,
        actual_start=actual_start,
        actual_end=actual_end,
        order=milestone.order,
    )


def photos_add(*, actor: User, project: Project, phase: str, files: list, caption: str = "") -> list[ProjectPhoto]:
    """Photos of a phase, validated by content and re-encoded without metadata; the same picture twice is one."""
    from cases.services import clean_photos

    _check_recorder(actor, project)
    cleaned = clean_photos(files, "photos", required=True)
    added = []
    with transaction.atomic():
        for photo in cleaned:
            clean = photo.clean
            if clean.kind != "photo":
                raise ProjectError({"photos": _("%(name)s: only photos are taken here.") % {"name": photo.name}})
            if ProjectPhoto.objects.filter(project=project, phase=phase, sha256=clean.sha256).exists():
                continue
            record = ProjectPhoto(
                project=project,
                phase=phase,
                content_type=clean.content_type,
                sha256=clean.sha256,
                caption=caption,
                uploaded_by=actor,
            )
            clean.save_files(record)
            try:
                with transaction.atomic():
                    record.save()
            except IntegrityError:
                continue  # the same photo sent at the same moment by a retry
            added.append(record)
        if added:
            audit_record(
                actor=actor,
                action="projects.photos_add",
                target=project,
                summary=f"{project.name} · {phase} × {len(added)}",
            )
    return added


def case_link(*, actor: User, project: Project, number: str) -> ProjectCase:
    """Link a case by its number; only a case the actor may see can be linked. Linking twice changes nothing."""
    _check_recorder(actor, project)
    case = selectors.find_case(actor, number or "")
    if case is None:
        raise ProjectError({"number": _("No case you may see has this number.")})
    with transaction.atomic():
        link, created = ProjectCase.objects.get_or_create(
            project=project, case_id=case.pk, defaults={"case_number": case.number, "linked_by": actor}
        )
        if created:
            audit_record(actor=actor, action="projects.case_link", target=project, summary=case.number)
    return link
