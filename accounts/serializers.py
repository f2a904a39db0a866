from rest_framework import serializers

from accounts.models import Department, OrgUnit, User
from civicgrid.masking import mask_phone


class OrgUnitSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "depth", "parent", "phone", "address", "is_active"]

    def get_parent(self, unit: OrgUnit) -> str | None:
        # The parent's code, read off the materialized path by the view's annotation.
        return getattr(unit, "parent_code", None)


class DepartmentSerializer(serializers.ModelSerializer):
    org_unit = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Department
        fields = ["id", "code", "name", "org_unit", "duties", "phone", "is_active"]


class UserSerializer(serializers.ModelSerializer):
    org_unit = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    roles = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "name", "org_unit", "department", "roles", "phone"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(role.code for role in user.roles.all())

    def get_phone(self, user: User) -> str:
        show = self.context.get("show_personal", False) or self.context.get("viewer_id") == user.pk
        return user.phone if show else mask_phone(user.phone)
