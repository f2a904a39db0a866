"""Campaign actions (十大攻坚行动): which action is behind, and which points it is leaving on the table."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment import services
from assessment.models import ActionTask, CampaignAction
from assessment.selectors import actions_overview


@pytest.fixture
def action(checks):
    indicator = checks.items[0].indicator
    action = CampaignAction.objects.create(
        name="市容整治", indicator_codes=[indicator.code], org_unit=checks.operator.org_unit, owner=checks.commander,
        starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 31),
    )  # fmt: skip
    ActionTask.objects.create(action=action, title="清理", owner=checks.assessor, due_on=date(2026, 11, 20))
    ActionTask.objects.create(action=action, title="复查", owner=checks.assessor, due_on=date(2026, 12, 20))
    return action


def test_an_action_shows_its_late_tasks_and_the_points_its_indicators_still_lose(checks, action):
    checks.check(failures=(0,), count=2)
    [row] = [r for r in actions_overview(path=checks.site.scope_path, today=date(2026, 12, 1)) if r["action"] == action]
    assert (row["total"], row["done"], row["late"]) == (2, 0, 1)
    assert row["at_stake"] == checks.items[0].cost(2)


def test_the_owner_marks_a_task_done_and_others_may_not(checks, action):
    task = action.tasks.order_by("due_on").first()
    with pytest.raises(ValidationError):
        services.action_task_done(actor=checks.patroller, task=task)
    services.action_task_done(actor=checks.assessor, task=task)
    [row] = [r for r in actions_overview(path=checks.site.scope_path, today=date(2026, 12, 1)) if r["action"] == action]
    assert (row["done"], row["late"]) == (1, 0)


def test_the_page_lists_actions_and_takes_a_done_mark(client, checks, action):
    client.force_login(checks.commander)
    html = client.get(reverse("assessment:actions")).content.decode()
    assert "市容整治" in html and 'data-testid="action"' in html
    task = action.tasks.order_by("due_on").first()
    response = client.post(reverse("assessment:actions"), {"task": task.pk, "done": "1"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
    assert client.post(reverse("assessment:actions"), {"task": "x"}).status_code == 404
