from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from volunteers import services
from volunteers.models import SignUpStatus


def test_past_capacity_volunteers_wait_and_move_up_on_a_cancellation(station):
    activity = station.activity(capacity=1, starts=None)
    first, second = station.volunteer(), station.volunteer()
    now = activity.signup_opens + timedelta(hours=1)
    assert services.signup(volunteer=first, activity=activity, now=now).status == SignUpStatus.CONFIRMED
    assert services.signup(volunteer=second, activity=activity, now=now).status == SignUpStatus.WAITING
    services.signup_cancel(volunteer=first, activity=activity, now=now)
    assert activity.signups.get(volunteer=second).status == SignUpStatus.CONFIRMED


def test_signing_up_twice_changes_nothing(station):
    activity = station.activity()
    volunteer = station.volunteer()
    now = activity.signup_opens + timedelta(hours=1)
    services.signup(volunteer=volunteer, activity=activity, now=now)
    services.signup(volunteer=volunteer, activity=activity, now=now)
    assert activity.signups.count() == 1


def test_sign_up_outside_the_recruitment_window_is_refused(station):
    activity = station.activity()
    with pytest.raises(ValidationError):
        services.signup(
            volunteer=station.volunteer(), activity=activity, now=activity.signup_opens - timedelta(hours=1)
        )


def test_a_late_cancellation_is_refused(station):
    activity = station.activity()
    volunteer = station.volunteer()
    services.signup(volunteer=volunteer, activity=activity, now=activity.signup_opens + timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.signup_cancel(volunteer=volunteer, activity=activity, now=activity.starts_at - timedelta(minutes=30))


def test_reminders_are_sent_once(station, django_capture_on_commit_callbacks):
    from verification import senders

    activity = station.activity()
    volunteer = station.volunteer()
    services.signup(volunteer=volunteer, activity=activity, now=activity.signup_opens + timedelta(hours=1))
    before = len(senders.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_signups() >= 1
        assert services.remind_signups() == 0
    sent = [text for phone, text in senders.outbox[before:] if phone == volunteer.phone]
    assert len(sent) == 1 and activity.title in sent[0]
