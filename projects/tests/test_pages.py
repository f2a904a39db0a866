import json

from django.test import Client

from projects.models import Project


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_project_list_reads_a_page_of_projects_in_a_fixed_number_of_queries(works, django_assert_max_num_queries):
    client = logged_in(works.commander)
    with django_assert_max_num_queries(12):
        response = client.get("/projects/")
    assert response.status_code == 200 and "测试小区改造" in response.content.decode()


def test_the_map_data_gives_each_project_its_area_or_its_point(works):
    works.project.area = {
        "type": "Polygon",
        "coordinates": [[[117.0, 36.67], [117.001, 36.67], [117.001, 36.671], [117.0, 36.671], [117.0, 36.67]]],
    }
    works.project.save()
    features = logged_in(works.commander).get("/projects/projects.geojson").json()["features"]
    mine = next(f for f in features if f["properties"]["id"] == works.project.pk)
    assert mine["geometry"]["type"] == "Polygon"


def test_the_command_screens_layer_answers_points_of_the_unit(works):
    data = logged_in(works.commander).get("/projects/projects.geojson", {"unit": works.community.pk}).json()
    assert {f["geometry"]["type"] for f in data["features"]} == {"Point"}


def test_a_bad_unit_on_the_map_data_is_a_structured_error(works):
    response = logged_in(works.commander).get("/projects/projects.geojson", {"unit": "x"})
    assert response.status_code == 400 and "unit" in response.json()["errors"]


def test_a_drawn_area_that_is_not_a_polygon_is_a_field_error(works):
    response = logged_in(works.commander).post(
        "/projects/new/",
        {
            "name": "新项目",
            "kind": "road",
            "org_unit": works.community.pk,
            "lng": works.lng,
            "lat": works.lat,
            "households": 0,
            "budget": "10",
            "area": json.dumps({"type": "Point", "coordinates": [117.0, 36.67]}),
        },
    )
    assert response.status_code == 400
    assert 'data-field-error="area"' in response.content.decode()
    assert not Project.objects.filter(name="新项目").exists()


def test_a_project_is_placed_by_the_map_and_saved(works):
    response = logged_in(works.commander).post(
        "/projects/new/",
        {
            "name": "口袋公园",
            "kind": "pocket_park",
            "org_unit": works.community.pk,
            "lng": works.lng,
            "lat": works.lat,
            "households": 500,
            "budget": "120.5",
            "is_public": "on",
        },
    )
    project = Project.objects.get(name="口袋公园")
    assert response.status_code == 302 and project.scope_path == works.community.path


def test_the_screen_layer_leaves_out_projects_the_user_may_not_see(works):
    handler = Client()
    handler.force_login(works.outsider)  # 环卫所: not on the task force
    data = handler.get("/projects/projects.geojson", {"unit": works.outsider.org_unit_id}).json()
    assert data["features"] == []
