from accounts.models import RoleCode
from accounts.tests.factories import make_user
from civicgrid.masking import mask_id_number, mask_phone


def test_mask_phone_keeps_prefix_and_last_four():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""


def test_mask_id_number():
    assert mask_id_number("370105199001011234") == "3701**********1234"


def test_patroller_sees_colleagues_phone_masked(client, tree):
    viewer = make_user(unit=tree["a"], roles=[RoleCode.PATROLLER])
    colleague = make_user(unit=tree["a"], roles=[RoleCode.PATROLLER], phone="13912345678")
    client.force_login(viewer)
    body = client.get(f"/accounts/users/{colleague.pk}/").content.decode()
    assert "139****5678" in body
    assert "13912345678" not in body
    api = client.get(f"/api/v1/users/{colleague.pk}/").json()
    assert api["phone"] == "139****5678"


def test_user_sees_own_phone(client, tree):
    viewer = make_user(unit=tree["a"], roles=[RoleCode.PATROLLER], phone="13912345678")
    client.force_login(viewer)
    assert client.get("/api/v1/users/me/").json()["phone"] == "13912345678"


def test_dispatcher_sees_phone_unmasked(client, tree):
    viewer = make_user(unit=tree["street"], roles=[RoleCode.DISPATCHER])
    colleague = make_user(unit=tree["a"], roles=[RoleCode.PATROLLER], phone="13912345678")
    client.force_login(viewer)
    assert "13912345678" in client.get(f"/accounts/users/{colleague.pk}/").content.decode()
