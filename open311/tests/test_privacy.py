"""Open311 is public: what a reporter tells us about themselves never comes back out."""

from open311.tests.conftest import json_of

PERSONAL = {
    "first_name": "晓明",
    "last_name": "欧阳",
    "phone": "13987654321",
    "email": "ouyang@example.com",
    "account_id": "acct-secret-77",
    "device_id": "device-secret-88",
}


def test_no_personal_data_in_any_response(world):
    created = world.post("json", **PERSONAL)
    number = json_of(created)[0]["service_request_id"]
    responses = [
        world.get("requests.xml"),
        world.get("requests.json"),
        world.get(f"requests/{number}.xml"),
        world.get(f"requests/{number}.json"),
        world.get("requests.json", service_request_id=number),
    ]
    for response in responses:
        assert response.status_code == 200
        body = response.content.decode()
        assert number in body
        for value in (*PERSONAL.values(), "欧阳晓明"):
            assert value not in body, value


def test_the_poster_alone_gets_its_account_id_back(world):
    created = json_of(world.post("json", **PERSONAL))[0]
    assert created["account_id"] == "acct-secret-77"
    assert "phone" not in created and "email" not in created
