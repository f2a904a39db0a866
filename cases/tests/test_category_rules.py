from decimal import Decimal

from cases.models import Category, CategoryRevision
from cases.services import category_record_revision, transition
from cases.tests.conftest import at


def test_seeded_catalogue_has_every_class_with_conditions(db):
    assert Category.objects.count() == 141
    manhole = Category.objects.get(code="component-0101")
    conditions = list(manhole.conditions.order_by("position"))
    assert len(conditions) == 4
    assert (conditions[0].urgent, conditions[0].limit, conditions[0].unit) == (True, Decimal("2"), "hour")


def test_a_case_keeps_the_rules_it_was_filed_under(world):
    case = world.filed_case()
    world.condition.limit = Decimal("1")
    world.condition.save()
    category_record_revision(actor=world.users["admin"], category=world.category)
    case = transition(
        case=case, action="dispatch", actor=world.dispatcher, department=world.hw, now=at("2026-11-30 09:30")
    )
    assert case.rules["limit"] == "4"
    assert case.due_at == at("2026-11-30 15:00")  # still 4 working hours
    revision = CategoryRevision.objects.get(category=world.category)
    assert revision.snapshot["conditions"][0]["limit"] == "1.00"


def test_admin_edit_of_a_category_writes_a_revision(client, world):
    client.force_login(world.users["admin"])
    category = world.category
    condition = category.conditions.get()
    data = {
        "kind": category.kind, "code": category.code, "major_code": category.major_code, "major_name": category.major_name,
        "minor_code": category.minor_code, "minor_name": category.minor_name, "default_department": world.hw.pk,
        "source": category.source, "is_active": "on",
        "conditions-TOTAL_FORMS": "1", "conditions-INITIAL_FORMS": "1", "conditions-MIN_NUM_FORMS": "0",
        "conditions-MAX_NUM_FORMS": "1000", "conditions-0-id": condition.pk, "conditions-0-category": category.pk,
        "conditions-0-position": "0", "conditions-0-text": condition.text, "conditions-0-limit": "6",
        "conditions-0-unit": "work_hour", "conditions-0-closing": condition.closing, "conditions-0-is_active": "on",
    }  # fmt: skip
    response = client.post(f"/admin/cases/category/{category.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert category.revision == 1
    assert category.revisions.get().snapshot["conditions"][0]["limit"] == "6.00"
