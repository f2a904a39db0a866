"""Volunteer teams (学雷锋服务队, 巡逻队, 巡访团 …) of the practice centre and stations: their details, members and leader.

A volunteer may be in several teams; the leader is one of the team's members.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import OrgUnit
from audit.services import audit_record
from volunteers.models import Team, TeamKind, Volunteer, VolunteerStatus

TEAM_UNIT_KINDS = ("subdistrict", "community")  # the 新时代文明实践所 and its 站


def _check(*, team: Team | None, name: str, kind: str, org_unit: OrgUnit, leader: Volunteer | None) -> str:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the team a name.")]
    elif len(name) > Team._meta.get_field("name").max_length:
        errors["name"] = [_("The name is too long.")]
    elif Team.objects.filter(org_unit=org_unit, name=name).exclude(pk=getattr(team, "pk", None)).exists():
        errors["name"] = [_("This practice centre or station already has a team of this name.")]
    if kind not in TeamKind.values:
        errors["kind"] = [_("Choose a kind of team.")]
    if org_unit.kind not in TEAM_UNIT_KINDS:
        errors["org_unit"] = [_("A team belongs to the subdistrict's practice centre or to a community's station.")]
    if leader is not None and (team is None or not team.members.filter(pk=leader.pk).exists()):
        errors["leader"] = [_("The leader must be a member of the team: add the volunteer first.")]
    if errors:
        raise ValidationError(errors)
    return name


def team_create(*, actor, name: str, kind: str, org_unit: OrgUnit) -> Team:
    """A new team without members (they are added one by one, then one of them made leader)."""
    name = _check(team=None, name=name, kind=kind, org_unit=org_unit, leader=None)
    with transaction.atomic():
        team = Team.objects.create(name=name, kind=kind, org_unit=org_unit, scope_path=org_unit.path)
        audit_record(actor=actor, action="volunteer_team.create", target=team, summary=team.name)
    return team


def team_update(*, actor, team: Team, name: str, kind: str, org_unit: OrgUnit, leader: Volunteer | None) -> Team:
    name = _check(team=team, name=name, kind=kind, org_unit=org_unit, leader=leader)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        before = {"name": team.name, "kind": team.kind, "org_unit": team.org_unit_id, "leader": team.leader_id}
        team.name, team.kind, team.org_unit, team.scope_path = name, kind, org_unit, org_unit.path
        team.leader = leader
        team.save(update_fields=["name", "kind", "org_unit", "scope_path", "leader"])
        after = {"name": team.name, "kind": team.kind, "org_unit": team.org_unit_id, "leader": team.leader_id}
        changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
        audit_record(actor=actor, action="volunteer_team.update", target=team, summary=team.name, data=changed)
    return team


def team_member_add(*, actor, team: Team, volunteer: Volunteer) -> bool:
    """Add a registered volunteer to the team; False (and nothing written) when he is a member already."""
    if volunteer.status != VolunteerStatus.ACTIVE:
        raise ValidationError({"volunteer": [_("Only registered volunteers can join a team.")]})
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        if team.members.filter(pk=volunteer.pk).exists():
            return False
        team.members.add(volunteer)
        audit_record(
            actor=actor,
            action="volunteer_team.member_add",
            target=team,
            summary=f"{team.name}: {volunteer.name}",
            data={"volunteer": volunteer.pk},
        )
    return True


def team_member_remove(*, actor, team: Team, volunteer: Volunteer) -> bool:
    """Take a volunteer out of the team (and from its lead, if he led it); False when he was not a member."""
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        if not team.members.filter(pk=volunteer.pk).exists():
            return False
        team.members.remove(volunteer)
        was_leader = team.leader_id == volunteer.pk
        if was_leader:
            team.leader = None
            team.save(update_fields=["leader"])
        audit_record(
            actor=actor,
            action="volunteer_team.member_remove",
            target=team,
            summary=f"{team.name}: {volunteer.name}",
            data={"volunteer": volunteer.pk, "was_leader": was_leader},
        )
    return True


def team_leader_set(*, actor, team: Team, volunteer: Volunteer) -> Team:
    """Make a member the team's leader (队长)."""
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        if not team.members.filter(pk=volunteer.pk).exists():
            raise ValidationError(
                {"volunteer": [_("The leader must be a member of the team: add the volunteer first.")]}
            )
        previous = team.leader_id
        team.leader = volunteer
        team.save(update_fields=["leader"])
        audit_record(
            actor=actor,
            action="volunteer_team.leader",
            target=team,
            summary=f"{team.name}: {volunteer.name}",
            data={"leader": [previous, volunteer.pk]},
        )
    return team
