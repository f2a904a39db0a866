"""Reads of the archive materials: who sees which, the indicator tree they hang on, and how complete they are."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import RoleCode, User
from accounts.selectors import scope_path
from archive.models import ArchiveMaterial, MaterialFile, MaterialStatus

# 文明办 manages the materials; the command centre reads them; an owner (any staff user) sees their own.
MANAGE_ROLES = (RoleCode.ASSESSOR, RoleCode.ADMIN)
READ_ROLES = (RoleCode.ASSESSOR, RoleCode.ADMIN, RoleCode.COMMANDER)
NOT_DONE = ~Q(status=MaterialStatus.COMPLETE)


def visible_materials(user: User) -> QuerySet[ArchiveMaterial]:
    """The materials of the user's area (for the roles that read them) and those the user owns."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ArchiveMaterial.objects.none()
    condition = Q(owner=user)
    path = scope_path(user)
    if path is not None and (user.is_superuser or user.has_role(*READ_ROLES)):
        condition |= Q(scope_path__startswith=path)
    return ArchiveMaterial.objects.filter(condition)


def may_manage(user: User, material: ArchiveMaterial) -> bool:
    """Set up, assign, accept and reject: the civilization office of the material's area."""
    path = scope_path(user)
    return (
        path is not None
        and (user.is_superuser or user.has_role(*MANAGE_ROLES))
        and material.scope_path.startswith(path)
    )


def may_supply(user: User, material: ArchiveMaterial) -> bool:
    """Upload files, link records, type the record: the owner, or whoever manages the material."""
    return material.owner_id == user.pk or may_manage(user, material)


def visible_material_files(user: User, name: str) -> QuerySet[MaterialFile]:
    return MaterialFile.objects.filter(file=name, material__in=visible_materials(user))


def overdue(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return NOT_DONE & Q(due_on__lt=today)


# --- The indicator tree ----------------------------------------------------------------------------


@dataclass
class TreeNode:
    code: str
    name: str
    parent_code: str | None
    order: int
    labels: list[str] = field(default_factory=list)  # "code name" from the top of the tree down to this node

    @property
    def label(self) -> str:
        return self.labels[-1] if self.labels else self.code


def indicator_tree() -> dict[str, TreeNode]:
    """The indicators of the civilization scheme in use, by code, each knowing its path from the top."""
    from assessment.selectors import indicator_outline

    nodes = {
        row["code"]: TreeNode(row["code"], row["name"], row["parent_code"], row["order"])
        for row in indicator_outline("civilization")
    }
    for node in nodes.values():
        chain, seen, current = [], set(), node
        while current is not None and current.code not in seen:
            seen.add(current.code)
            chain.append(f"{current.code} {current.name}")
            current = nodes.get(current.parent_code) if current.parent_code else None
        node.labels = list(reversed(chain))
    return nodes


def indicator_choices() -> list[tuple[str, str]]:
    return [(code, " / ".join(node.labels)) for code, node in sorted(indicator_tree().items(), key=_tree_key)]


def _tree_key(item) -> tuple:
    return tuple(item[1].labels)


# --- Completeness ----------------------------------------------------------------------------------


def _counts(today: date) -> dict:
    return {
        "total": Count("pk"),
        "complete": Count("pk", filter=Q(status=MaterialStatus.COMPLETE)),
        "draft": Count("pk", filter=Q(status=MaterialStatus.DRAFT)),
        "missing": Count("pk", filter=Q(status=MaterialStatus.MISSING)),
        "rejected": Count("pk", filter=Q(status=MaterialStatus.REJECTED)),
        "overdue": Count("pk", filter=overdue(today)),
    }


def _with_rate(row: dict) -> dict:
    row["rate"] = round(100 * row["complete"] / row["total"], 1) if row["total"] else None
    return row


def completeness(materials: QuerySet[ArchiveMaterial], *, today: date | None = None) -> dict:
    """Counts by status, overdue, and the completion rate (complete ÷ all, in %, None when there are none)."""
    today = today or timezone.localdate()
    return _with_rate(materials.order_by().aggregate(**_counts(today)))


def completeness_by_indicator(materials: QuerySet[ArchiveMaterial], *, today: date | None = None) -> list[dict]:
    """One row per indicator that has materials, in tree order; codes the scheme in use lacks come last."""
    today = today or timezone.localdate()
    tree = indicator_tree()
    rows = materials.order_by().values("indicator_code").annotate(**_counts(today))
    result = []
    for row in rows:
        node = tree.get(row["indicator_code"])
        row["label"] = " / ".join(node.labels) if node else row["indicator_code"]
        row["in_scheme"] = node is not None
        row["sort"] = (0, tuple(node.labels)) if node else (1, (row["indicator_code"],))
        result.append(_with_rate(row))
    return sorted(result, key=lambda row: row["sort"])


def completeness_by_owner(materials: QuerySet[ArchiveMaterial], *, today: date | None = None) -> list[dict]:
    """One row per owner (and one for materials nobody owns yet), most overdue first."""
    today = today or timezone.localdate()
    rows = materials.order_by().values("owner_id", "owner__name", "owner__username").annotate(**_counts(today))
    result = [_with_rate(row) for row in rows]
    return sorted(result, key=lambda row: (-row["overdue"], -(row["total"] - row["complete"]), row["owner_id"] or 0))


def overdue_materials(materials: QuerySet[ArchiveMaterial], *, today: date | None = None) -> QuerySet:
    return materials.filter(overdue(today)).select_related("owner", "org_unit").order_by("due_on", "pk")


def material_files(material: ArchiveMaterial) -> list[dict]:
    """The files of a material by name, current version first, each with its older versions."""
    groups: dict[str, dict] = {}
    for row in material.files.select_related("uploaded_by").order_by("name", "-version"):
        group = groups.setdefault(row.name, {"name": row.name, "current": None, "older": []})
        if row.is_current:
            group["current"] = row
        else:
            group["older"].append(row)
    return list(groups.values())


def due_reminders(*, today: date, within_days: int) -> dict[int, list[ArchiveMaterial]]:
    """For each owner, the materials not complete that are overdue or due within `within_days`."""
    from datetime import timedelta

    found: dict[int, list[ArchiveMaterial]] = {}
    rows = ArchiveMaterial.objects.filter(
        NOT_DONE, owner__isnull=False, owner__is_active=True, due_on__lte=today + timedelta(days=within_days)
    ).order_by("owner_id", "due_on", "pk")
    for material in rows.iterator():
        found.setdefault(material.owner_id, []).append(material)
    return found
