import factory

from accounts import services
from accounts.models import Department, OrgUnit, OrgUnitKind, User

PASSWORD = "Test-pass-2026"


def make_tree():
    """区 → 街道 → two communities, the smallest tree that has neighbours."""
    district = services.org_unit_create(actor=None, parent=None, code="D1", name="测试区", kind=OrgUnitKind.DISTRICT)
    street = services.org_unit_create(
        actor=None, parent=district, code="S1", name="测试街道", kind=OrgUnitKind.SUBDISTRICT
    )
    community_a = services.org_unit_create(
        actor=None, parent=street, code="CA", name="甲社区", kind=OrgUnitKind.COMMUNITY
    )
    community_b = services.org_unit_create(
        actor=None, parent=street, code="CB", name="乙社区", kind=OrgUnitKind.COMMUNITY
    )
    return district, street, community_a, community_b


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"DEP{n:03d}")
    name = factory.Sequence(lambda n: f"部门{n}")


def make_user(*, unit: OrgUnit | None, roles=(), username: str | None = None, department=None, phone="") -> User:
    make_user.counter = getattr(make_user, "counter", 0) + 1
    return services.user_create(
        actor=None,
        username=username or f"user{make_user.counter}",
        name=f"用户{make_user.counter}",
        org_unit=unit,
        roles=roles,
        department=department,
        phone=phone,
        password=PASSWORD,
        validate=False,
    )
