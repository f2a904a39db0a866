"""A community user sees their community's data and nothing of the neighbours' (404, not 403)."""

import pytest

from accounts import selectors
from accounts.models import Department, OrgUnit, RoleCode
from accounts.tests.factories import DepartmentFactory, make_user


@pytest.fixture
def community_a_user(tree):
    return make_user(unit=tree["a"], roles=[RoleCode.PATROLLER])


def test_community_user_sees_only_own_subtree(tree, community_a_user):
    visible = set(selectors.visible_org_units(community_a_user).values_list("code", flat=True))
    assert visible == {"CA"}


def test_subdistrict_user_sees_all_its_communities(tree):
    user = make_user(unit=tree["street"], roles=[RoleCode.COMMANDER])
    visible = set(selectors.visible_org_units(user).values_list("code", flat=True))
    assert visible == {"S1", "CA", "CB"}


def test_user_without_unit_sees_nothing(tree):
    user = make_user(unit=None, roles=[RoleCode.OPERATOR])
    assert not selectors.visible_org_units(user).exists()
    assert not selectors.visible_users(user).exists()
    assert not selectors.visible_departments(user).exists()


def test_superuser_sees_everything(tree, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x")
    assert selectors.visible_org_units(admin).count() == OrgUnit.objects.count() >= 4


def test_departments_above_and_in_scope_are_visible_but_not_neighbours(tree, community_a_user):
    DepartmentFactory(code="GLOBAL", org_unit=None)
    DepartmentFactory(code="DISTRICT", org_unit=tree["district"])
    DepartmentFactory(code="OWN", org_unit=tree["a"])
    DepartmentFactory(code="NEIGHBOUR", org_unit=tree["b"])
    visible = set(selectors.visible_departments(community_a_user).values_list("code", flat=True))
    citywide = set(Department.objects.filter(org_unit=None).values_list("code", flat=True))  # the demo's too
    assert visible == {"GLOBAL", "DISTRICT", "OWN"} | citywide


def test_neighbour_community_page_is_404(client, tree, community_a_user):
    client.force_login(community_a_user)
    assert client.get(f"/accounts/org/{tree['a'].pk}/").status_code == 200
    assert client.get(f"/accounts/org/{tree['b'].pk}/").status_code == 404


def test_neighbour_community_api_is_404(client, tree, community_a_user):
    client.force_login(community_a_user)
    assert client.get(f"/api/v1/org-units/{tree['a'].pk}/").status_code == 200
    response = client.get(f"/api/v1/org-units/{tree['b'].pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_neighbour_department_and_user_are_404(client, tree, community_a_user):
    neighbour_department = DepartmentFactory(org_unit=tree["b"])
    neighbour = make_user(unit=tree["b"], roles=[RoleCode.PATROLLER])
    client.force_login(community_a_user)
    assert client.get(f"/accounts/departments/{neighbour_department.pk}/").status_code == 404
    assert client.get(f"/api/v1/departments/{neighbour_department.pk}/").status_code == 404
    assert client.get(f"/accounts/users/{neighbour.pk}/").status_code == 404
    assert client.get(f"/api/v1/users/{neighbour.pk}/").status_code == 404


def test_api_list_contains_only_scope(client, tree, community_a_user):
    client.force_login(community_a_user)
    codes = [row["code"] for row in client.get("/api/v1/org-units/").json()["results"]]
    assert codes == ["CA"]


def test_api_requires_authentication(client, tree):
    response = client.get("/api/v1/org-units/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"


def test_volunteer_cannot_open_org_pages(client, tree):
    volunteer = make_user(unit=tree["a"], roles=[RoleCode.VOLUNTEER])
    client.force_login(volunteer)
    assert client.get("/accounts/org/").status_code == 403


def test_org_unit_api_names_parent(client, tree):
    user = make_user(unit=tree["street"], roles=[RoleCode.COMMANDER])
    client.force_login(user)
    rows = {row["code"]: row for row in client.get("/api/v1/org-units/").json()["results"]}
    assert rows["CA"]["parent"] == "S1"
    assert rows["S1"]["parent"] == "D1"
