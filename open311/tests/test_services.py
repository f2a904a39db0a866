from cases.models import Category
from open311.tests.conftest import errors_of, json_of, tags, xml_of

SERVICE_ELEMENTS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]


def test_service_list_xml_has_one_service_per_active_category_in_spec_order(world):
    root = xml_of(world.get("services.xml"))
    assert root.tag == "services"
    assert set(tags(root)) == {"service"}
    assert len(root) == Category.objects.filter(is_active=True).count()
    for service in root:
        assert tags(service) == SERVICE_ELEMENTS
    garbage = next(s for s in root if s.findtext("service_code") == "event-0102")
    assert garbage.findtext("service_name") == world.category.minor_name
    assert garbage.findtext("group") == world.category.major_name
    assert garbage.findtext("description") == f"{world.category.label}：{world.condition.text}"
    assert garbage.findtext("metadata") == "true" and garbage.findtext("type") == "realtime"
    assert world.category.minor_name in garbage.findtext("keywords")


def test_service_list_json_is_an_array_of_services(world):
    data = json_of(world.get("services.json"))
    assert isinstance(data, list)
    garbage = next(s for s in data if s["service_code"] == "event-0102")
    assert list(garbage) == SERVICE_ELEMENTS
    assert garbage["metadata"] is True and garbage["type"] == "realtime"


def test_inactive_category_is_not_offered(world):
    Category.objects.filter(pk=world.category.pk).update(is_active=False)
    codes = [s["service_code"] for s in json_of(world.get("services.json"))]
    assert "event-0102" not in codes
    assert world.get("services/event-0102.json").status_code == 404


def test_service_definition_xml_offers_each_filing_condition_as_an_optional_choice(world):
    root = xml_of(world.get("services/event-0102.xml"))
    assert root.tag == "service_definition"
    assert tags(root) == ["service_code", "attributes"]
    assert root.findtext("service_code") == "event-0102"
    (attribute,) = root.find("attributes")
    assert attribute.tag == "attribute"
    assert tags(attribute) == [
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    ]
    assert attribute.findtext("code") == "condition"
    assert attribute.findtext("datatype") == "singlevaluelist"
    assert attribute.findtext("variable") == "true" and attribute.findtext("required") == "false"
    assert attribute.findtext("order") == "1"
    values = attribute.find("values")
    active = list(world.category.conditions.filter(is_active=True).order_by("position", "id"))
    assert [tags(value) for value in values] == [["key", "name"]] * len(active)
    assert [(v.findtext("key"), v.findtext("name")) for v in values] == [(str(c.pk), c.text) for c in active]


def test_service_definition_json_is_an_object(world):
    data = json_of(world.get("services/event-0102.json"))
    assert list(data) == ["service_code", "attributes"]
    (attribute,) = data["attributes"]
    assert attribute["datatype_description"] is None and attribute["required"] is False
    assert attribute["values"][0] == {"key": str(world.condition.pk), "name": world.condition.text}


def test_retired_condition_is_not_offered(world):
    world.condition.is_active = False
    world.condition.save()
    data = json_of(world.get("services/event-0102.json"))
    keys = [v["key"] for a in data["attributes"] for v in a["values"]]
    assert str(world.condition.pk) not in keys


def test_unknown_service_is_404_in_both_formats(world):
    response = world.get("services/no-such-code.xml")
    assert response.status_code == 404
    [(code, description)] = errors_of(response)
    assert code == 404 and "no-such-code" in description
    response = world.get("services/no-such-code.json")
    assert response.status_code == 404 and errors_of(response, "json")[0][0] == 404
