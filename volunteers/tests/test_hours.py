from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from volunteers import services
from volunteers.models import HoursCorrection, RecordStatus, StarLevel, Volunteer


def test_star_levels_are_seeded_from_the_rules_file(db):
    assert list(StarLevel.objects.values_list("stars", "min_hours")) == [
        (1, 100),
        (2, 300),
        (3, 600),
        (4, 1000),
        (5, 1500),
    ]


def test_confirmed_hours_count_and_pending_ones_do_not(station):
    volunteer = station.volunteer()
    record = station.attended(volunteer, station.activity())
    volunteer.refresh_from_db()
    assert volunteer.hours == 0
    services.record_confirm(actor=station.admin, record=record)
    volunteer.refresh_from_db()
    assert volunteer.hours == 2 and volunteer.last_service_on == record.day


def test_confirming_twice_counts_once(station):
    volunteer = station.volunteer()
    record = station.attended(volunteer, station.activity())
    services.record_confirm(actor=station.admin, record=record)
    services.record_confirm(actor=station.admin, record=record)
    volunteer.refresh_from_db()
    assert volunteer.hours == 2


def test_an_open_record_cannot_be_confirmed(station):
    volunteer = station.volunteer()
    activity = station.activity()
    lng, lat = station.point()
    services.signup(volunteer=volunteer, activity=activity, now=activity.signup_opens + timedelta(hours=1))
    record = services.check_in(
        volunteer=volunteer, activity=activity, method="position", lng=lng, lat=lat, now=activity.starts_at
    )
    with pytest.raises(ValidationError):
        services.record_confirm(actor=station.admin, record=record)


def test_stars_follow_the_confirmed_hours(station):
    StarLevel.objects.filter(stars=1).update(min_hours=Decimal("1.5"))
    volunteer = station.volunteer()
    record = station.attended(volunteer, station.activity())
    services.record_confirm(actor=station.admin, record=record)
    volunteer.refresh_from_db()
    assert volunteer.stars == 1


def test_a_correction_keeps_its_trail_and_changes_the_total(station):
    volunteer = station.volunteer()
    record = station.attended(volunteer, station.activity())
    services.record_confirm(actor=station.admin, record=record)
    services.hours_correct(actor=station.admin, record=record, hours=Decimal("1.25"), reason="提前离场")
    correction = HoursCorrection.objects.get(record=record)
    assert (correction.old_hours, correction.new_hours, correction.reason) == (2, Decimal("1.25"), "提前离场")
    assert AuditEntry.objects.filter(action="volunteer.hours_correct", target_id=str(record.pk)).exists()
    assert Volunteer.objects.get(pk=volunteer.pk).hours == Decimal("1.25")


def test_a_correction_needs_a_reason(station):
    volunteer = station.volunteer()
    record = station.attended(volunteer, station.activity())
    with pytest.raises(ValidationError):
        services.hours_correct(actor=station.admin, record=record, hours=Decimal("1"), reason=" ")


def test_the_organiser_records_time_by_hand_with_a_reason(station):
    volunteer = station.volunteer()
    activity = station.activity()
    services.signup(volunteer=volunteer, activity=activity, now=activity.signup_opens + timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.check_by_hand(
            actor=station.admin,
            volunteer=volunteer,
            activity=activity,
            check_in_at=activity.starts_at,
            check_out_at=activity.ends_at,
            reason="",
        )
    record = services.check_by_hand(
        actor=station.admin,
        volunteer=volunteer,
        activity=activity,
        check_in_at=activity.starts_at,
        check_out_at=activity.ends_at,
        reason="手机没电",
    )
    assert record.status == RecordStatus.PENDING and record.hours == 2 and record.check_out_method == "manual"
