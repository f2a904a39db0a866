"""The resident's tracking page ticks the steps the events reached, filing through the shift lead included."""

import pytest
from django.core.management import call_command

from accounts.models import Department, User
from cases.models import Category, WorkflowSettings
from cases.services import case_report, transition
from civicgrid.config_cache import forget
from grids.models import Grid


@pytest.fixture
def approved_case(transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)
    WorkflowSettings.objects.update(intake_approval=True)
    forget()
    grid = Grid.objects.get(code="G-DK-C01")
    users = {u.username: u for u in User.objects.all()}
    category = Category.objects.get(code="event-0102")
    condition = category.conditions.first()
    case, _ = case_report(
        source="citizen", description="路边暴露垃圾", lng=grid.min_lng + 0.002, lat=grid.min_lat + 0.002,
        reporter_phone="13912345678",
    )  # fmt: skip
    case = transition(case=case, action="request_file", actor=users["operator"], category=category, condition=condition)
    case = transition(case=case, action="approve_file", actor=users["shift_lead"])
    case = transition(
        case=case, action="dispatch", actor=users["dispatcher"], department=Department.objects.get(code="DEP-HW")
    )
    yield case
    forget()


def test_the_steps_after_an_approved_filing_are_ticked_in_order(page, approved_case):
    page.goto(f"/public/track/{approved_case.tracking_code}/")
    steps = page.locator("[data-testid=public-steps] li")
    ticked = [steps.nth(i).locator(".bi-check-circle-fill").count() == 1 for i in range(steps.count())]
    assert ticked == [True, True, True, False, False, False]
    assert "已受理立案" in steps.nth(1).inner_text()
