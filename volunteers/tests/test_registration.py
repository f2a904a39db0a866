from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from audit.models import AuditEntry
from volunteers import services
from volunteers.models import Volunteer
from volunteers.tests.conftest import id_number


def test_registration_keeps_the_consent_version_and_time(station):
    volunteer = station.volunteer()
    assert volunteer.consent_version == "2026-01"
    assert abs((volunteer.consented_at - timezone.now()).total_seconds()) < 60
    assert AuditEntry.objects.filter(action="volunteer.register", target_id=str(volunteer.pk)).count() == 1


def test_registration_needs_consent(station):
    with pytest.raises(ValidationError) as caught:
        station.volunteer(consent=False)
    assert "consent" in caught.value.message_dict


def test_one_person_is_one_volunteer(station):
    number = id_number(timezone.localdate().replace(year=1980, day=1), 77)
    station.volunteer(id_number=number)
    with pytest.raises(ValidationError) as caught:
        station.volunteer(id_number=number.lower(), name="张三丰", phone="13912345678")
    assert "id_number" in caught.value.message_dict
    assert Volunteer.objects.filter(name="张三丰").count() == 0


def test_a_minor_without_a_guardians_consent_is_refused(station):
    born = timezone.localdate() - timedelta(days=365 * 15)
    with pytest.raises(ValidationError) as caught:
        station.volunteer(id_number=id_number(born, 5))
    assert "guardian_consent" in caught.value.message_dict


def test_a_minor_with_a_guardians_consent_is_registered(station):
    born = timezone.localdate() - timedelta(days=365 * 15)
    volunteer = station.volunteer(id_number=id_number(born, 6), guardian_name="李四", guardian_consent=True)
    assert volunteer.guardian_consent and volunteer.birth_date == born


def test_an_invalid_phone_is_refused(station):
    with pytest.raises(ValidationError) as caught:
        station.volunteer(phone="12345")
    assert "phone" in caught.value.message_dict


def test_the_database_holds_neither_the_id_number_nor_the_phone(station):
    number = id_number(timezone.localdate().replace(year=1975, day=2), 321)
    volunteer = station.volunteer(id_number=number, phone="13955556666")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM volunteers_volunteer WHERE id = %s", [volunteer.pk])
        stored_id, stored_phone = cursor.fetchone()
    assert number not in stored_id and "13955556666" not in stored_phone
    assert Volunteer.objects.get(pk=volunteer.pk).id_number == number  # decrypted back


def test_registration_with_a_party_unit_is_only_for_party_members(station):
    from grids.models import PartnerUnit

    unit = PartnerUnit.objects.first()
    with pytest.raises(ValidationError):
        station.volunteer(party_unit=unit)
    assert station.volunteer(party_unit=unit, is_party_member=True).party_unit == unit


def test_two_registrations_of_one_person_at_once_leave_one_record(station):
    data = station.data()
    services.volunteer_register(actor=None, data=data)
    with pytest.raises(ValidationError):
        services.volunteer_register(actor=None, data=data)
