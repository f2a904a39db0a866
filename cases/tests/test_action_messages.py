"""Every action speaks Chinese to people: the success banner names it, never its code."""

import re

import pytest
from django.utils import translation

from cases.models import WorkflowSettings
from cases.tests.test_intake_approval import reported
from cases.workflow import TRANSITIONS, action_label
from civicgrid.config_cache import forget

CODES = re.compile("|".join(sorted((re.escape(code) for code in TRANSITIONS), key=len, reverse=True)))


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_every_action_has_a_chinese_name(action):
    with translation.override("zh-hans"):
        name = str(action_label(action))
    assert re.search(r"[\u4e00-\u9fff]", name), f"{action}: {name!r}"
    assert not CODES.search(name)


def test_the_banners_of_a_filing_through_approval_name_the_actions_not_their_codes(client, world):
    WorkflowSettings.objects.update(intake_approval=True)
    forget()
    try:
        case = reported(world)
        client.force_login(world.operator)
        response = client.post(
            f"/cases/{case.pk}/act/request_file/",
            {
                "request_file-condition": world.condition.pk,
                "request_file-note": "",
                "request_file-version": case.version,
            },
            follow=True,
        )
        texts = [str(m) for m in response.context["messages"]]
        case.refresh_from_db()
        client.force_login(world.shift_lead)
        response = client.post(
            f"/cases/{case.pk}/act/approve_file/",
            {"approve_file-note": "", "approve_file-version": case.version},
            follow=True,
        )
        texts += [str(m) for m in response.context["messages"]]
    finally:
        forget()
    assert len(texts) == 2, texts
    assert texts == ["已完成：申请立案。", "已完成：批准立案。"]
    for text in texts:
        assert not CODES.search(text), text
