from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from civicgrid.api import StaffRole
from grids import selectors
from grids.coords import CRS
from grids.io import grid_feature
from grids.locator import locate_point


class GridFeatureSerializer(serializers.BaseSerializer):
    """A grid as a GeoJSON Feature (WGS-84)."""

    def to_representation(self, grid):
        feature = grid_feature(
            grid,
            parent_code=grid.parent.code if grid.parent_id else "",
            org_unit_code=grid.org_unit.code if grid.org_unit_id else "",
        )
        feature["properties"]["id"] = grid.pk
        return feature


class LocateQuerySerializer(serializers.Serializer):
    lng = serializers.FloatField(min_value=-180, max_value=180)
    lat = serializers.FloatField(min_value=-90, max_value=90)
    crs = serializers.ChoiceField(choices=[crs.value for crs in CRS], default=CRS.WGS84.value)


class LocateResultSerializer(serializers.Serializer):
    lng = serializers.FloatField(help_text="WGS-84")
    lat = serializers.FloatField(help_text="WGS-84")
    inside = serializers.BooleanField()
    message = serializers.CharField()
    grids = serializers.DictField(child=serializers.DictField(), help_text="kind → {id, code, name}")


@extend_schema_view(
    list=extend_schema(
        responses=OpenApiTypes.OBJECT,
        operation_id="v1_grids_list",
        description="GeoJSON Features of the grids (paginated).",
    ),
    retrieve=extend_schema(responses=OpenApiTypes.OBJECT, description="One grid as a GeoJSON Feature."),
)
class GridViewSet(viewsets.ReadOnlyModelViewSet):
    """Grids the user may see, as GeoJSON Features; `locate` answers point → grid."""

    serializer_class = GridFeatureSerializer
    permission_classes = [StaffRole]

    def get_queryset(self):
        return selectors.visible_grids(self.request.user).select_related("parent", "org_unit").order_by("kind", "code")

    @extend_schema(
        parameters=[
            OpenApiParameter("lng", float, required=True),
            OpenApiParameter("lat", float, required=True),
            OpenApiParameter("crs", str, enum=[crs.value for crs in CRS], description="coordinate system of lng/lat"),
        ],
        responses=LocateResultSerializer,
    )
    @action(detail=False)
    def locate(self, request, format=None):  # format: the router's .json suffix
        query = LocateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        location = locate_point(
            query.validated_data["lng"], query.validated_data["lat"], crs=query.validated_data["crs"]
        )
        return Response(
            {
                "lng": location.lng,
                "lat": location.lat,
                "inside": location.inside,
                "message": location.message,
                "grids": {
                    kind: {"id": hit.id, "code": hit.code, "name": hit.name} for kind, hit in location.grids.items()
                },
            }
        )
