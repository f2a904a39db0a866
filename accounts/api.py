from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts import selectors
from accounts.models import OrgUnit
from accounts.serializers import DepartmentSerializer, OrgUnitSerializer, UserSerializer
from civicgrid.api import StaffRole


class OrgUnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrgUnitSerializer
    permission_classes = [StaffRole]

    def get_queryset(self):
        parent_code = OrgUnit.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - OrgUnit.steplen)
        ).values("code")[:1]
        return (
            selectors.visible_org_units(self.request.user)
            .annotate(parent_code=Subquery(parent_code))
            .order_by(F("path"))
        )


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    permission_classes = [StaffRole]

    def get_queryset(self):
        return selectors.visible_departments(self.request.user).order_by("code")


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UserSerializer
    permission_classes = [StaffRole]

    def get_queryset(self):
        return selectors.visible_users(self.request.user).order_by("username")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["viewer_id"] = self.request.user.pk
        context["show_personal"] = selectors.may_see_personal_data(viewer=self.request.user)
        return context

    @action(detail=False, permission_classes=[IsAuthenticated])  # anyone signed in may ask who they are
    def me(self, request, format=None):  # format: the router's .json suffix
        user = selectors.visible_users(request.user).filter(pk=request.user.pk).first() or request.user
        return Response(self.get_serializer(user).data)
