"""What each user may see of the organisation. Views never filter by hand."""

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import Department, OrgUnit, Role, RoleCode, User

# Roles whose work means calling people (colleagues, and the residents who reported a case): they see phone
# numbers unmasked. The one rule for every page that shows personal data.
PERSONAL_DATA_ROLES = (
    RoleCode.ADMIN,
    RoleCode.COMMANDER,
    RoleCode.SHIFT_LEAD,
    RoleCode.DISPATCHER,
    RoleCode.OPERATOR,
)


def scope_path(user: User) -> str | None:
    """The materialized path under which the user's data scope lies.

    "" means everything (superuser); None means nothing (a staff user without a unit).
    """
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ""
    if user.org_unit_id is None:
        return None
    return user.org_unit.path


def ancestor_paths(path: str, *, include_self: bool = False) -> list[str]:
    """The materialized paths above `path` (and `path` itself if asked), root first."""
    step = OrgUnit.steplen
    return [path[:end] for end in range(step, len(path) + (step if include_self else 0), step)]


def visible_org_units(user: User) -> QuerySet[OrgUnit]:
    path = scope_path(user)
    if path is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=path)


def visible_departments(user: User) -> QuerySet[Department]:
    """Departments working in the user's subtree, above it, or everywhere.

    A community's dispatcher must see the district bureaus it sends cases to,
    but not the neighbouring community's office.
    """
    path = scope_path(user)
    if path is None:
        return Department.objects.none()
    qs = Department.objects.select_related("org_unit")
    if path == "":
        return qs
    return qs.filter(
        Q(org_unit__isnull=True) | Q(org_unit__path__startswith=path) | Q(org_unit__path__in=ancestor_paths(path))
    )


def visible_users(user: User) -> QuerySet[User]:
    path = scope_path(user)
    if path is None:
        return User.objects.none()
    qs = User.objects.select_related("org_unit", "department").prefetch_related(
        Prefetch("roles", queryset=Role.objects.order_by("code"))
    )
    if path == "":
        return qs
    return qs.filter(org_unit__path__startswith=path)


def may_see_personal_data(*, viewer: User, subject: User | None = None) -> bool:
    if subject is not None and viewer.pk == subject.pk:
        return True
    return viewer.has_role(*PERSONAL_DATA_ROLES)


def org_unit_children(*, user: User, unit: OrgUnit) -> QuerySet[OrgUnit]:
    return visible_org_units(user).filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path")


def org_unit_breadcrumbs(*, user: User, unit: OrgUnit) -> list[OrgUnit]:
    """The unit's ancestors that the user may open, root first."""
    return list(visible_org_units(user).filter(path__in=ancestor_paths(unit.path)).order_by("depth"))
