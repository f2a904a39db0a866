"""Reads of grids; what a user may see follows the org tree (accounts.selectors.scope_path)."""

from django.db.models import Prefetch, QuerySet, Sum

from accounts.selectors import scope_path
from grids.models import Grid, GridGeometryVersion, GridKind, GridMember, PartnerUnit


def visible_grids(user) -> QuerySet[Grid]:
    path = scope_path(user)
    if path is None:
        return Grid.objects.none()
    qs = Grid.objects.filter(is_active=True)
    if path == "":
        return qs
    return qs.filter(org_unit__path__startswith=path)


def grid_card(*, user, pk: int) -> Grid:
    """One grid with what its card shows, in a fixed number of queries."""
    return (
        visible_grids(user)
        .select_related("org_unit", "parent")
        .prefetch_related(
            Prefetch("members", queryset=GridMember.objects.select_related("partner_unit").order_by("duty", "name")),
            Prefetch("partner_units", queryset=PartnerUnit.objects.order_by("name")),
        )
        .get(pk=pk)
    )


def grid_history(*, grid: Grid) -> QuerySet[GridGeometryVersion]:
    return grid.geometry_versions.select_related("changed_by").order_by("-version")


def population_by_unit_path(*, path: str) -> dict[str, int]:
    """Resident population of the active community grids under `path`, by their org unit's path (roll up by
    prefix). Community grids only: road zones cover the same people again."""
    rows = (
        Grid.objects.filter(is_active=True, kind=GridKind.COMMUNITY, org_unit__path__startswith=path)
        .values("org_unit__path")
        .annotate(total=Sum("population"))
    )
    return {row["org_unit__path"]: row["total"] or 0 for row in rows}
