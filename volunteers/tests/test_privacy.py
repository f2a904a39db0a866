from civicgrid.personal import phone_hash
from volunteers.models import Volunteer
from volunteers.privacy import erase, export


def test_a_volunteers_data_is_exported_by_his_phone(station):
    volunteer = station.volunteer(phone="13744445555")
    rows = export(phone_hash("13744445555"))
    assert rows[0]["id_number"] == volunteer.id_number and rows[0]["phone"] == "13744445555"


def test_erasure_withdraws_the_registration_and_empties_the_person(station):
    volunteer = station.volunteer(phone="13744446666")
    assert erase(phone_hash("13744446666")) == 1
    gone = Volunteer.objects.get(pk=volunteer.pk)
    assert (gone.name, gone.id_number, gone.phone, gone.status) == ("", "", "", "withdrawn")
    assert export(phone_hash("13744446666")) == []
    station.volunteer(id_number=volunteer.id_number, phone="13744446666")  # he may register again
