"""Every write to the organisation: one function per business action, audited."""

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Department, OrgUnit, OrgUnitKind, Role, RoleCode, User
from audit.services import audit_record

# Which kind of unit may sit under which: 区 → 街道 → 片区/社区 → 网格.
ALLOWED_CHILD_KINDS = {
    None: {OrgUnitKind.DISTRICT},
    OrgUnitKind.DISTRICT: {OrgUnitKind.SUBDISTRICT},
    OrgUnitKind.SUBDISTRICT: {OrgUnitKind.ZONE, OrgUnitKind.COMMUNITY},
    OrgUnitKind.ZONE: {OrgUnitKind.GRID},
    OrgUnitKind.COMMUNITY: {OrgUnitKind.GRID},
    OrgUnitKind.GRID: set(),
}


def _roles(codes: list[str]) -> list[Role]:
    # get_or_create, not filter: a flushed test database or a hand-made one may
    # lack the rows the data migration made, and a user must never silently lose a role.
    return [Role.objects.get_or_create(code=code)[0] for code in codes]


def org_unit_create(
    *,
    actor: User | None,
    parent: OrgUnit | None,
    code: str,
    name: str,
    kind: str,
    phone: str = "",
    address: str = "",
    is_demo: bool = False,
) -> OrgUnit:
    parent_kind = OrgUnitKind(parent.kind) if parent else None
    if kind not in ALLOWED_CHILD_KINDS[parent_kind]:
        raise ValidationError(
            {"kind": _("A %(kind)s cannot be placed under this unit.") % {"kind": OrgUnitKind(kind).label}}
        )
    if OrgUnit.objects.filter(code=code).exists():
        raise ValidationError({"code": _("An org unit with this code already exists.")})
    fields = {"code": code, "name": name, "kind": kind, "phone": phone, "address": address, "is_demo": is_demo}
    with transaction.atomic():
        unit = OrgUnit.objects.add_child(parent, fields) if parent else OrgUnit.objects.add_root(fields)
        audit_record(actor=actor, action="org_unit.create", target=unit, summary=name, data={"kind": kind})
    return unit


def department_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    org_unit: OrgUnit | None,
    duties: str = "",
    phone: str = "",
    is_demo: bool = False,
) -> Department:
    if Department.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A department with this code already exists.")})
    with transaction.atomic():
        department = Department.objects.create(
            code=code, name=name, org_unit=org_unit, duties=duties, phone=phone, is_demo=is_demo
        )
        audit_record(actor=actor, action="department.create", target=department, summary=name)
    return department


def user_create(
    *,
    actor: User | None,
    username: str,
    name: str,
    org_unit: OrgUnit | None,
    roles: Iterable[str] = (),
    department: Department | None = None,
    phone: str = "",
    email: str = "",
    password: str | None = None,
    validate: bool = True,
    is_demo: bool = False,
) -> User:
    """Create a staff user. `validate=False` is for documented demo passwords only."""
    role_codes = sorted(set(roles))
    unknown = set(role_codes) - set(RoleCode.values)
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))}})
    if RoleCode.HANDLER in role_codes and department is None:
        raise ValidationError({"department": _("A handler must belong to a department.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    user = User(username=username, name=name, org_unit=org_unit, department=department, phone=phone, email=email)
    user.is_demo = is_demo
    user.is_staff = RoleCode.ADMIN in role_codes
    if password:
        if validate:
            validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    with transaction.atomic():
        user.save()
        user.roles.set(_roles(role_codes))
        audit_record(actor=actor, action="user.create", target=user, summary=username, data={"roles": role_codes})
    return user


def user_set_roles(*, actor: User | None, user: User, roles: Iterable[str]) -> User:
    role_codes = sorted(set(roles))
    with transaction.atomic():
        before = sorted(user.roles.values_list("code", flat=True))
        user.roles.set(_roles(role_codes))
        # Admins work in Django admin; nobody else needs the staff flag.
        User.objects.filter(pk=user.pk).update(is_staff=user.is_superuser or RoleCode.ADMIN in role_codes)
        audit_record(
            actor=actor,
            action="user.set_roles",
            target=user,
            summary=user.username,
            data={"before": before, "after": role_codes},
        )
    user._role_codes = None
    user.refresh_from_db()
    return user


def user_change_password(*, actor: User, user: User, new_password: str) -> User:
    """The caller validated the old password and the new one (Django's form does both)."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(actor=actor, action="user.change_password", target=user, summary=user.username)
    return user
