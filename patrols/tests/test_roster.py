from datetime import date

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Notification
from patrols.coverage import remind_missed_patrols
from patrols.models import DutyStatus, Shift
from patrols.services import roster_add, roster_leave, roster_swap, session_start
from patrols.tests.conftest import at

DAY = date(2026, 11, 30)


@pytest.fixture
def duty(world):
    return roster_add(
        actor=world.shift_lead, team=world.team, grid=world.grid, user=world.patroller, day=DAY, shift=Shift.MORNING
    )


def test_only_members_of_the_team_are_put_on_duty_in_its_grids(world, other_team):
    with pytest.raises(ValidationError) as caught:
        roster_add(actor=None, team=world.team, grid=world.grid, user=world.commander, day=DAY, shift=Shift.MORNING)
    assert "user" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        roster_add(actor=None, team=other_team, grid=world.grid, user=world.patroller, day=DAY, shift=Shift.MORNING)
    assert set(caught.value.message_dict) == {"user", "grid"}


def test_a_swap_keeps_who_had_the_duty(world, duty):
    entry = roster_swap(actor=world.shift_lead, entry=duty, to_user=world.patroller2, note="家中有事")
    assert (entry.user, entry.original_user) == (world.patroller2, world.patroller)


def test_nobody_is_on_duty_twice_in_one_shift(world, duty):
    roster_add(actor=None, team=world.team, grid=world.grid2, user=world.patroller2, day=DAY, shift=Shift.MORNING)
    with pytest.raises(ValidationError):
        roster_swap(actor=None, entry=duty, to_user=world.patroller2)


def test_a_missed_patrol_reminds_the_team_leader_once_after_the_shift(world, duty):
    assert remind_missed_patrols(now=at("2026-11-30 11:59")) == 0  # the morning shift is not over
    assert remind_missed_patrols(now=at("2026-11-30 12:01")) == 1
    note = Notification.objects.get(user=world.shift_lead)
    assert "张伟" in note.title and world.grid.name in note.title
    assert remind_missed_patrols(now=at("2026-11-30 13:00")) == 0
    assert Notification.objects.filter(user=world.shift_lead).count() == 1


def test_no_reminder_when_the_duty_was_patrolled(world, duty):
    session_start(user=world.patroller, now=at("2026-11-30 08:00"))
    assert remind_missed_patrols(now=at("2026-11-30 12:30")) == 0


def test_no_reminder_for_leave_and_the_substitute_is_reminded_about(world, duty):
    other = roster_add(
        actor=None, team=world.team, grid=world.grid2, user=world.patroller2, day=DAY, shift=Shift.AFTERNOON
    )
    roster_leave(actor=world.shift_lead, entry=other, note="病假")
    assert other.__class__.objects.get(pk=other.pk).status == DutyStatus.LEAVE
    entry = roster_leave(actor=world.shift_lead, entry=duty, substitute=world.patroller2)
    assert entry.user == world.patroller2
    assert remind_missed_patrols(now=at("2026-12-01 09:00")) == 1  # the substitute's morning duty only
