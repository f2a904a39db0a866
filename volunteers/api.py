"""Read API of the register for other systems: masked ID numbers and phones, always (a reveal is a page action
with its audit row, never a bulk read)."""

from django.core.paginator import Paginator
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from volunteers import selectors

PAGE_SIZE = 100


class _MayView(permissions.BasePermission):
    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if not request.user.has_role(*selectors.VIEW_ROLES):
            raise PermissionDenied
        return True


class VolunteerList(APIView):
    permission_classes = [_MayView]

    @extend_schema(exclude=True)
    def get(self, request):
        volunteers = selectors.visible_volunteers(request.user).order_by("pk")
        page = Paginator(volunteers, PAGE_SIZE).get_page(request.query_params.get("page"))
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "results": [
                    {
                        "id": v.pk,
                        "name": v.name,
                        "id_type": v.id_type,
                        **selectors.masked(v),
                        "community": v.community.name,
                        "hours": str(v.hours),
                        "stars": v.stars,
                        "last_service_on": v.last_service_on,
                    }
                    for v in page
                ],
            }
        )
