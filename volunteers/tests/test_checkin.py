from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from volunteers import checkin, services
from volunteers.models import RecordStatus, ServiceRecord


@pytest.fixture
def signed(station):
    volunteer = station.volunteer()
    activity = station.activity()
    services.signup(volunteer=volunteer, activity=activity, now=activity.signup_opens + timedelta(hours=1))
    return station, volunteer, activity


def test_check_in_and_out_by_position_gives_the_hours(signed):
    station, volunteer, activity = signed
    lng, lat = station.point()
    start = activity.starts_at
    services.check_in(volunteer=volunteer, activity=activity, method="position", lng=lng, lat=lat, now=start)
    record = services.check_out(
        volunteer=volunteer, activity=activity, method="position", lng=lng, lat=lat, now=start + timedelta(minutes=90)
    )
    assert record.hours == 1.5 and record.status == RecordStatus.PENDING


def test_hours_are_capped_to_the_activitys_time(signed):
    station, volunteer, activity = signed
    lng, lat = station.point()
    early = activity.starts_at - timedelta(minutes=20)
    services.check_in(volunteer=volunteer, activity=activity, method="position", lng=lng, lat=lat, now=early)
    record = services.check_out(
        volunteer=volunteer,
        activity=activity,
        method="position",
        lng=lng,
        lat=lat,
        now=activity.ends_at + timedelta(hours=1),
    )
    assert record.hours == 2


def test_check_in_outside_the_geofence_is_refused(signed):
    station, volunteer, activity = signed
    lng, lat = station.point()
    with pytest.raises(ValidationError) as caught:
        services.check_in(
            volunteer=volunteer, activity=activity, method="position", lng=lng + 0.01, lat=lat, now=activity.starts_at
        )
    assert "position" in caught.value.message_dict
    assert not ServiceRecord.objects.filter(volunteer=volunteer).exists()


def test_check_in_before_the_window_is_refused(signed):
    station, volunteer, activity = signed
    lng, lat = station.point()
    with pytest.raises(ValidationError) as caught:
        services.check_in(
            volunteer=volunteer,
            activity=activity,
            method="position",
            lng=lng,
            lat=lat,
            now=activity.starts_at - timedelta(hours=2),
        )
    assert "time" in caught.value.message_dict


def test_check_in_after_the_end_is_refused(signed):
    station, volunteer, activity = signed
    lng, lat = station.point()
    with pytest.raises(ValidationError):
        services.check_in(
            volunteer=volunteer,
            activity=activity,
            method="position",
            lng=lng,
            lat=lat,
            now=activity.ends_at + timedelta(minutes=1),
        )


def test_a_double_check_in_is_refused_and_counts_once(signed):
    station, volunteer, activity = signed
    lng, lat = station.point()
    services.check_in(
        volunteer=volunteer, activity=activity, method="position", lng=lng, lat=lat, now=activity.starts_at
    )
    with pytest.raises(ValidationError) as caught:
        services.check_in(
            volunteer=volunteer, activity=activity, method="position", lng=lng, lat=lat, now=activity.starts_at
        )
    assert "already" in caught.value.messages[0] or "已" in caught.value.messages[0]
    assert ServiceRecord.objects.filter(volunteer=volunteer, activity=activity).count() == 1


def test_check_in_by_the_current_qr_code(signed):
    _station, volunteer, activity = signed
    now = activity.starts_at
    code = checkin.current_code(activity, now=now)
    record = services.check_in(volunteer=volunteer, activity=activity, method="qr", code=code, now=now)
    assert record.check_in_method == "qr"


def test_a_reused_qr_code_is_refused(signed):
    _station, volunteer, activity = signed
    now = activity.starts_at
    code = checkin.current_code(activity, now=now)
    services.check_in(volunteer=volunteer, activity=activity, method="qr", code=code, now=now)
    with pytest.raises(ValidationError) as caught:
        services.check_out(
            volunteer=volunteer, activity=activity, method="qr", code=code, now=now + timedelta(seconds=5)
        )
    assert "code" in caught.value.message_dict


def test_an_expired_qr_code_is_refused(signed):
    _station, volunteer, activity = signed
    code = checkin.current_code(activity, now=activity.starts_at - timedelta(minutes=10))
    with pytest.raises(ValidationError) as caught:
        services.check_in(volunteer=volunteer, activity=activity, method="qr", code=code, now=activity.starts_at)
    assert "code" in caught.value.message_dict


def test_a_made_up_qr_code_is_refused(signed):
    _station, volunteer, activity = signed
    with pytest.raises(ValidationError):
        services.check_in(
            volunteer=volunteer, activity=activity, method="qr", code=f"{activity.pk}-1-0000", now=activity.starts_at
        )


def test_check_in_without_a_sign_up_is_refused(station):
    volunteer = station.volunteer()
    activity = station.activity()
    lng, lat = station.point()
    with pytest.raises(ValidationError) as caught:
        services.check_in(
            volunteer=volunteer, activity=activity, method="position", lng=lng, lat=lat, now=activity.starts_at
        )
    assert "signup" in caught.value.message_dict


def test_the_qr_code_renders_as_svg(station):
    activity = station.activity()
    svg = checkin.qr_svg(f"https://example.invalid/volunteers/scan/{activity.pk}/?c=x")
    assert svg.startswith("<svg") and "path" in svg
