from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required
from accounts.models import RoleCode
from accounts.selectors import may_see_personal_data
from civicgrid.navigation import STAFF_ROLES
from grids import selectors, services
from grids.forms import GridGeometryForm, GridImportForm
from grids.io import grid_feature, stream_feature_collection
from grids.models import Grid, GridImport, GridKind
from grids.tasks import run_grid_import


def map_settings(*, outlines_url: str = "") -> dict:
    """What civic-map.js needs: base map, pin icons at their collected URLs, where to read the grid outlines."""
    tile_url = settings.MAP_TILE_URL
    if not tile_url and settings.MAP_TILE_FILE:
        tile_url = reverse("tiles", args=[0, 0, 0]).replace("/0/0/0.", "/{z}/{x}/{y}.")
    return {
        "tileUrl": tile_url,
        "tileCrs": settings.MAP_TILE_CRS,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "attribution": settings.MAP_TILE_ATTRIBUTION or _("Grid outlines: CivicGrid"),
        "center": settings.MAP_CENTER,
        "zoom": settings.MAP_ZOOM,
        "outlinesUrl": outlines_url or reverse("grids:geojson"),
        "outsideText": _("This place is outside the area served: move the pin into one of the outlined communities."),
        "pinTitle": _("The place of the problem"),
        "icons": {
            "iconUrl": static("vendor/leaflet/images/marker-icon.png"),
            "iconRetinaUrl": static("vendor/leaflet/images/marker-icon-2x.png"),
            "shadowUrl": static("vendor/leaflet/images/marker-shadow.png"),
        },
    }


@role_required(*STAFF_ROLES)
def grid_map(request):
    grids = selectors.visible_grids(request.user)
    counts = {kind: grids.filter(kind=kind).count() for kind in GridKind.values}
    context = {
        "map_config": map_settings(),
        "kinds": [(kind, label, counts[kind]) for kind, label in GridKind.choices],
        "can_edit": request.user.has_role(RoleCode.ADMIN),
    }
    return render(request, "grids/map.html", context)


@require_GET
@role_required(*STAFF_ROLES)
def grid_geojson(request):
    """The outlines the user may see, for the map. Small enough at subdistrict scale; the map asks per bbox at city scale."""
    grids = selectors.visible_grids(request.user).only(
        "id", "code", "name", "kind", "geometry", "population", "households", "area_m2", "parent_id", "org_unit_id"
    )
    bbox = request.GET.get("bbox")
    if bbox:
        try:
            min_lng, min_lat, max_lng, max_lat = (float(part) for part in bbox.split(","))
        except ValueError:
            return JsonResponse(
                {
                    "error": {
                        "status": 400,
                        "code": "invalid",
                        "message": _("bbox must be four numbers."),
                        "fields": {"bbox": [{"code": "invalid", "message": _("bbox must be four numbers.")}]},
                    }
                },
                status=400,
            )
        grids = grids.filter(max_lng__gte=min_lng, min_lng__lte=max_lng, max_lat__gte=min_lat, min_lat__lte=max_lat)
    features = []
    for grid in grids.order_by("kind", "code")[:20000]:
        feature = grid_feature(grid)
        feature["properties"]["id"] = grid.pk
        features.append(feature)
    return JsonResponse({"type": "FeatureCollection", "features": features}, json_dumps_params={"ensure_ascii": False})


def _visible_grid_or_404(user, pk: int) -> Grid:
    try:
        return selectors.grid_card(user=user, pk=pk)
    except Grid.DoesNotExist as exc:
        raise Http404 from exc


def _card_context(request, grid: Grid) -> dict:
    """What the grid card shows (people, partners, open cases), for the map's card and the detail page."""
    from django.db.models import Q

    from cases.models import OPEN_STATES
    from cases.selectors import visible_cases

    cases = visible_cases(request.user).filter(Q(community_grid=grid) | Q(road_grid=grid), state__in=OPEN_STATES)
    return {
        "grid": grid,
        "show_personal": may_see_personal_data(viewer=request.user),
        "can_edit": request.user.has_role(RoleCode.ADMIN),
        "open_count": cases.count(),
        "open_cases": cases.order_by("-reported_at")[:5],
    }


def _detail_context(request, grid: Grid, form: GridGeometryForm) -> dict:
    return {
        **_card_context(request, grid),
        "history": selectors.grid_history(grid=grid)[:50],
        "map_config": map_settings(),
        "feature_json": grid_feature(grid),
        "form": form,
    }


@role_required(*STAFF_ROLES)
def grid_card(request, pk: int):
    grid = _visible_grid_or_404(request.user, pk)
    return render(request, "grids/_card.html", _card_context(request, grid))


@role_required(*STAFF_ROLES)
def grid_detail(request, pk: int):
    grid = _visible_grid_or_404(request.user, pk)
    return render(request, "grids/detail.html", _detail_context(request, grid, GridGeometryForm()))


@require_http_methods(["POST"])
@role_required(RoleCode.ADMIN)
def grid_geometry(request, pk: int):
    grid = get_object_or_404(selectors.visible_grids(request.user), pk=pk)
    form = GridGeometryForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.grid_update_geometry(
                actor=request.user,
                grid=grid,
                geometry=form.cleaned_data["geojson"],
                crs=form.cleaned_data["crs"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The outline of %(name)s was saved.") % {"name": grid.name})
            return redirect("grids:detail", pk=grid.pk)
    grid = selectors.grid_card(user=request.user, pk=pk)
    context = _detail_context(request, grid, form)
    return render(request, "grids/detail.html", context, status=400)


@require_http_methods(["GET", "POST"])
@role_required(RoleCode.ADMIN)
def grid_import(request):
    form = GridImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = GridImport.objects.create(
            file=upload, original_name=upload.name[:200], crs=form.cleaned_data["crs"], uploaded_by=request.user
        )
        run_grid_import(job.pk)
        return redirect("grids:import_status", pk=job.pk)
    recent = GridImport.objects.filter(uploaded_by=request.user)[:10]
    return render(request, "grids/import.html", {"form": form, "recent": recent}, status=400 if form.errors else 200)


@role_required(RoleCode.ADMIN)
def grid_import_status(request, pk: int):
    job = get_object_or_404(GridImport, pk=pk, uploaded_by=request.user)
    template = "grids/_import_progress.html" if request.htmx else "grids/import_status.html"
    return render(request, template, {"job": job})


@require_GET
@role_required(RoleCode.ADMIN, RoleCode.COMMANDER)
def grid_export(request):
    response = StreamingHttpResponse(
        stream_feature_collection(selectors.visible_grids(request.user)), content_type="application/geo+json"
    )
    response["Content-Disposition"] = 'attachment; filename="grids.geojson"'
    return response
