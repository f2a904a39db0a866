import pytest
from django.core.exceptions import ValidationError

from accounts import services
from accounts.models import OrgUnit, OrgUnitKind, RoleCode
from accounts.tests.factories import DepartmentFactory, make_user
from audit.models import AuditEntry


def test_org_unit_create_writes_audit_row(tree):
    unit = services.org_unit_create(
        actor=None, parent=tree["a"], code="CA-G1", name="甲社区第一网格", kind=OrgUnitKind.GRID
    )
    assert OrgUnit.objects.get_parent(unit) == tree["a"]
    entry = AuditEntry.objects.get(action="org_unit.create", target_id=str(unit.pk))
    assert entry.summary == "甲社区第一网格"


def test_org_unit_kind_must_fit_parent(tree):
    with pytest.raises(ValidationError) as error:
        services.org_unit_create(actor=None, parent=tree["a"], code="X", name="x", kind=OrgUnitKind.DISTRICT)
    assert "kind" in error.value.message_dict


def test_org_unit_code_is_unique(tree):
    with pytest.raises(ValidationError) as error:
        services.org_unit_create(actor=None, parent=tree["street"], code="CA", name="x", kind=OrgUnitKind.COMMUNITY)
    assert "code" in error.value.message_dict


def test_handler_needs_department(tree):
    with pytest.raises(ValidationError) as error:
        make_user(unit=tree["a"], roles=[RoleCode.HANDLER])
    assert "department" in error.value.message_dict


def test_unknown_role_is_rejected(tree):
    with pytest.raises(ValidationError) as error:
        make_user(unit=tree["a"], roles=["mayor"])
    assert "roles" in error.value.message_dict


def test_username_is_unique_case_insensitively(tree):
    make_user(unit=tree["a"], username="Zhang")
    with pytest.raises(ValidationError):
        make_user(unit=tree["a"], username="zhang")


def test_weak_password_is_rejected(tree):
    with pytest.raises(ValidationError):
        services.user_create(actor=None, username="u", name="u", org_unit=tree["a"], password="12345678")


def test_set_roles_updates_staff_flag_and_audits(tree):
    user = make_user(unit=tree["a"], roles=[RoleCode.PATROLLER])
    services.user_set_roles(actor=None, user=user, roles=[RoleCode.ADMIN, RoleCode.PATROLLER])
    assert user.is_staff
    assert user.role_codes == {"admin", "patroller"}
    entry = AuditEntry.objects.get(action="user.set_roles")
    assert entry.data == {"before": ["patroller"], "after": ["admin", "patroller"]}


def test_handler_with_department(tree):
    department = DepartmentFactory(org_unit=tree["street"])
    user = make_user(unit=tree["street"], roles=[RoleCode.HANDLER], department=department)
    assert user.has_role(RoleCode.HANDLER)
    assert not user.has_role(RoleCode.DISPATCHER)
