from django.apps import apps
from django.core.management import call_command

from accounts.models import OrgUnit, OrgUnitKind, User


def _row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_demo_has_subdistrict_with_4_zones_and_11_communities(db):
    call_command("load_demo", verbosity=0)
    street = OrgUnit.objects.get(kind=OrgUnitKind.SUBDISTRICT)
    children = OrgUnit.objects.get_children(street)
    assert children.filter(kind=OrgUnitKind.ZONE).count() == 4
    assert children.filter(kind=OrgUnitKind.COMMUNITY).count() == 11
    assert all(unit.is_demo for unit in OrgUnit.objects.all())


def test_demo_has_a_user_per_role_with_documented_password(db):
    from accounts.demo import DEMO_PASSWORD
    from accounts.models import RoleCode

    call_command("load_demo", verbosity=0)
    for code in RoleCode.values:
        user = User.objects.filter(roles__code=code).first()
        assert user is not None, code
        assert user.check_password(DEMO_PASSWORD)


def test_demo_is_idempotent(db):
    call_command("load_demo", verbosity=0)
    first = _row_counts()
    hashes = dict(User.objects.values_list("username", "password"))
    call_command("load_demo", verbosity=0)
    assert _row_counts() == first
    assert dict(User.objects.values_list("username", "password")) == hashes
