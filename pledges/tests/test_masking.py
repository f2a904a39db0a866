from django.test import Client


def page_for(user, pledge) -> str:
    client = Client()
    client.force_login(user)
    return client.get(f"/pledges/{pledge.pk}/").content.decode()


def test_the_residents_phone_in_the_request_is_masked_for_an_owner_who_may_not_see_personal_data(register):
    pledge = register.pledge()
    html = page_for(register.owner, pledge)
    assert "139****5678" in html and "13912345678" not in html


def test_the_command_centre_sees_the_number_to_call_the_resident_back(register):
    pledge = register.pledge()
    assert "13912345678" in page_for(register.users["commander"], pledge)
