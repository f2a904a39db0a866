"""Patrol time of volunteer team members becomes service hours once the patrol counts, credited once."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from patrols.models import PatrolSession, SessionStatus, TeamMember
from volunteers import services
from volunteers.models import ServiceRecord, Volunteer


def _patrol(user, *, counted: bool, volunteer_team: bool = True) -> PatrolSession:
    member = TeamMember.objects.filter(user=user, is_volunteer=volunteer_team).select_related("team").first()
    started = timezone.now() - timedelta(hours=3)
    return PatrolSession.objects.create(
        user=user,
        team=member.team,
        grid=None,
        scope_path=member.team.org_unit.path,
        day=timezone.localdate(started),
        status=SessionStatus.ENDED,
        started_at=started,
        ended_at=started + timedelta(minutes=90),
        duration_s=5400,
        counted=counted,
    )


def test_the_demo_volunteer_is_one_person_with_his_patrol_membership(station):
    user = User.objects.get(username="volunteer")
    assert TeamMember.objects.filter(user=user, is_volunteer=True).exists()
    assert Volunteer.objects.filter(user=user).count() == 1


def test_a_counted_patrol_is_credited_once(station):
    user = User.objects.get(username="volunteer")
    volunteer = Volunteer.objects.get(user=user)
    before = volunteer.hours
    session = _patrol(user, counted=True)
    assert services.patrol_hours_credit() == 1
    assert services.patrol_hours_credit() == 0
    record = ServiceRecord.objects.get(patrol_session_id=session.pk)
    assert record.status == "confirmed" and record.hours == 1.5 and record.kind == "patrol"
    volunteer.refresh_from_db()
    assert volunteer.hours == before + record.hours


def test_a_patrol_not_counted_yet_is_not_credited(station):
    user = User.objects.get(username="volunteer")
    _patrol(user, counted=False)
    assert services.patrol_hours_credit() == 0


def test_a_staff_patrol_of_a_member_who_is_no_volunteer_is_not_credited(station):
    patroller = User.objects.get(username="patroller")
    volunteer = station.volunteer()
    services.volunteer_link_user(actor=station.admin, volunteer=volunteer, user=patroller)
    _patrol(patroller, counted=True, volunteer_team=False)
    assert services.patrol_hours_credit() == 0


def test_a_patrol_volunteer_member_is_linked_to_the_volunteer_with_his_phone(station):
    from accounts.tests.factories import make_user
    from patrols.models import PatrolTeam

    user = make_user(unit=station.community, roles=["volunteer"], username="vol2", phone="13755550000")
    team = PatrolTeam.objects.first()
    TeamMember.objects.create(team=team, user=user, is_volunteer=True)
    volunteer = station.volunteer(phone="13755550000")
    assert services.patrol_members_link() == 1
    assert services.patrol_members_link() == 0
    volunteer.refresh_from_db()
    assert volunteer.user == user and Volunteer.objects.filter(phone_hash=volunteer.phone_hash).count() == 1
