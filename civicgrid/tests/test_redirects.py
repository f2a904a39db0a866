"""Every view that follows a `next` stays on this site, whatever an attacker's link or form puts there."""

import pytest
from django.urls import reverse

from accounts.models import RoleCode
from accounts.tests.factories import PASSWORD, make_user
from cases.tests.conftest import World

EVIL = ["https://evil.example/", "//evil.example", "/\\evil.example"]


def is_local(response) -> bool:
    location = response["Location"]
    return response.status_code == 302 and location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.fixture
def world(db):
    return World()


@pytest.mark.parametrize("target", EVIL)
def test_supervising_a_case_goes_back_only_to_a_local_page(client, world, target):
    client.force_login(world.commander)
    response = client.post(
        reverse("command:supervise", args=[world.filed_case().pk]), {"message": "今天处理", "next": target}
    )
    assert is_local(response)


@pytest.mark.parametrize("target", EVIL)
def test_a_refused_supervision_goes_back_only_to_a_local_page(client, world, target):
    client.force_login(world.commander)
    case = world.filed_case()
    client.post(reverse("command:supervise", args=[case.pk]), {"message": "第一次"})
    response = client.post(reverse("command:supervise", args=[case.pk]), {"message": "", "next": target})
    assert is_local(response)


@pytest.mark.parametrize("target", EVIL)
def test_a_supervision_the_workflow_refuses_goes_back_only_to_a_local_page(client, world, target):
    client.force_login(world.commander)
    case = world.filed_case()
    case.state = "closed"  # supervise is not allowed on a closed case: the service raises
    case.save(update_fields=["state"])
    response = client.post(reverse("command:supervise", args=[case.pk]), {"message": "x", "next": target})
    assert is_local(response)


def test_a_local_next_is_followed(client, world):
    client.force_login(world.commander)
    response = client.post(
        reverse("command:supervise", args=[world.filed_case().pk]), {"message": "x", "next": "/command/?a=1"}
    )
    assert response["Location"] == "/command/?a=1"


@pytest.mark.parametrize("target", EVIL)
def test_logging_in_goes_only_to_a_local_page(client, db, target):
    from accounts.models import OrgUnit

    make_user(unit=OrgUnit.objects.order_by("path").first(), roles=[RoleCode.OPERATOR], username="shouli")
    response = client.post(reverse("accounts:login"), {"username": "shouli", "password": PASSWORD, "next": target})
    assert is_local(response)


@pytest.mark.parametrize("target", EVIL)
def test_logging_out_goes_only_to_a_local_page(client, world, target):
    client.force_login(world.operator)
    assert is_local(client.post(reverse("accounts:logout"), {"next": target}))


@pytest.mark.parametrize("target", EVIL)
def test_switching_language_goes_only_to_a_local_page(client, db, target):
    assert is_local(client.post(reverse("set_language"), {"language": "en", "next": target}))
