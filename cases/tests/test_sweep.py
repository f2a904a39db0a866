"""The deadline sweep: warn, mark overdue, escalate; twice in a row does nothing twice."""

from datetime import date

import time_machine

from cases.models import Case, CaseEvent
from cases.selectors import overdue_now
from cases.services import transition
from cases.sweep import sweep_deadlines
from cases.tests.conftest import at
from notifications.models import Notification


def dispatched_case(world):
    case = world.filed_case()
    return transition(
        case=case, action="dispatch", actor=world.dispatcher, department=world.hw, now=at("2026-11-30 09:30")
    )


def test_warn_then_overdue_then_escalate_each_once(world, django_capture_on_commit_callbacks):
    case = dispatched_case(world)  # disposal due 15:00 (4 working hours); warning at 80 % = 14:12
    assert sweep_deadlines(at("2026-11-30 14:00")).warned == 0
    first = sweep_deadlines(at("2026-11-30 14:30"))
    assert (first.warned, first.overdue, first.escalated) == (1, 0, 0)
    assert sweep_deadlines(at("2026-11-30 14:31")).warned == 0  # idempotent

    overdue = sweep_deadlines(at("2026-11-30 15:01"))
    assert (overdue.warned, overdue.overdue) == (0, 1)
    assert sweep_deadlines(at("2026-11-30 15:02")).overdue == 0

    # Escalation after 4 more working hours: 15:00 + 2.5 h today + 1.5 h tomorrow = 10:00 next day.
    assert sweep_deadlines(at("2026-12-01 09:59")).escalated == 0
    with django_capture_on_commit_callbacks(execute=True):  # told after commit, as a leader's 督办 is
        escalated = sweep_deadlines(at("2026-12-01 10:01"))
    assert escalated.escalated == 1
    case.refresh_from_db()
    assert case.supervised is True
    assert CaseEvent.objects.filter(case=case, action="supervise", actor__isnull=True).count() == 1
    assert sweep_deadlines(at("2026-12-01 10:30")).escalated == 0
    verbs = sorted(Notification.objects.filter(case=case, department=world.hw).values_list("verb", flat=True))
    assert verbs == ["overdue", "supervised", "warning"]


def test_the_light_follows_the_clock(world):
    case = dispatched_case(world)  # disposal due 15:00, warning at 14:12
    case.refresh_from_db()
    with time_machine.travel(at("2026-11-30 14:11"), tick=False):
        assert (case.light, case.warned, case.is_overdue) == ("green", False, False)
    with time_machine.travel(at("2026-11-30 14:12"), tick=False):
        assert (case.light, case.warned, case.is_overdue) == ("yellow", True, False)
    with time_machine.travel(at("2026-11-30 15:00"), tick=False):
        assert (case.light, case.is_overdue) == ("overdue", True)
        assert Case.objects.filter(overdue_now(), pk=case.pk).exists()
    shelved = transition(
        case=case, action="shelve", actor=world.shift_lead, reason="等待", review_date=date(2027, 1, 5),
        now=at("2026-11-30 10:00"),
    )  # fmt: skip
    with time_machine.travel(at("2026-11-30 15:00"), tick=False):
        assert (shelved.light, shelved.is_overdue) == ("", False)
        assert not Case.objects.filter(overdue_now(), pk=case.pk).exists()


def test_a_shelved_case_is_not_swept(world):
    case = dispatched_case(world)
    transition(
        case=case,
        action="shelve",
        actor=world.shift_lead,
        reason="等待",
        review_date=date(2027, 1, 5),
        now=at("2026-11-30 10:00"),
    )
    result = sweep_deadlines(at("2026-12-10 10:00"))
    assert (result.warned, result.overdue, result.escalated) == (0, 0, 0)


def test_finished_stage_is_not_overdue(world):
    from cases.tests.conftest import photo

    case = dispatched_case(world)
    case = transition(case=case, action="accept", actor=world.handler, now=at("2026-11-30 09:40"))
    transition(
        case=case,
        action="dispose",
        actor=world.handler,
        feedback="已清理",
        photos_after=[photo()],
        now=at("2026-11-30 10:00"),
    )
    result = sweep_deadlines(at("2026-11-30 15:29"))  # disposal was due 15:00; verification is due 15:30
    assert result.overdue == 0


def test_many_at_once_make_one_summary_per_department(world, settings, client):
    settings.SWEEP_DIGEST_OVER = 2
    many = [dispatched_case(world) for _ in range(3)]  # disposal due 15:00, all at HW
    result = sweep_deadlines(at("2026-11-30 15:01"))
    assert result.overdue == 3
    assert not Notification.objects.filter(case__in=many).exists()
    summary = Notification.objects.get(department=world.hw, verb="overdue")
    assert summary.case is None and summary.title == "3 件案卷已超期"
    assert summary.target_url == "/cases/?queue=all&overdue=on"
    # Each case still has its own overdue event (the KPIs count them) and its own flag.
    assert CaseEvent.objects.filter(case__in=many, action="overdue").count() == 3
    client.force_login(world.handler)
    body = client.get("/inbox/").content.decode()
    assert 'href="/cases/?queue=all&amp;overdue=on"' in body and "3 件案卷已超期" in body
    assert sweep_deadlines(at("2026-11-30 15:02")).overdue == 0
    assert Notification.objects.filter(department=world.hw, verb="overdue").count() == 1


def test_a_few_at_once_get_one_message_each_linking_to_the_case(world, settings):
    settings.SWEEP_DIGEST_OVER = 2
    few = [dispatched_case(world) for _ in range(2)]
    sweep_deadlines(at("2026-11-30 15:01"))
    notes = Notification.objects.filter(department=world.hw, verb="overdue").order_by("case_id")
    assert [note.case_id for note in notes] == sorted(case.pk for case in few)
    assert notes[0].target_url == f"/cases/{few[0].pk}/"


def test_a_postponement_moves_the_warning_and_it_is_given_again(world):
    case = dispatched_case(world)  # disposal due 15:00, warning at 14:12
    case = transition(case=case, action="accept", actor=world.handler, now=at("2026-11-30 09:40"))
    assert sweep_deadlines(at("2026-11-30 14:30")).warned == 1
    case = transition(
        case=case, action="request_postpone", actor=world.handler, reason="需要调车", amount="2", unit="work_hour",
        now=at("2026-11-30 14:40"),
    )  # fmt: skip
    case = transition(case=case, action="approve_postpone", actor=world.shift_lead, now=at("2026-11-30 14:45"))
    assert case.due_at == at("2026-11-30 17:00") and case.warn_at == at("2026-11-30 16:12")
    with time_machine.travel(at("2026-11-30 14:50"), tick=False):
        assert case.light == "green"
    assert sweep_deadlines(at("2026-11-30 16:00")).warned == 0
    assert sweep_deadlines(at("2026-11-30 16:15")).warned == 1
    warnings = Notification.objects.filter(case=case, verb="warning").count()
    assert warnings == 2


def test_an_automatic_supervision_is_told_like_a_leaders_and_the_groups_hear_of_it(
    world, server, django_capture_on_commit_callbacks
):
    import json

    from notifications.models import WebhookEndpoint

    WebhookEndpoint.objects.create(name="环卫群", channel="generic", url=server.base_url + "/hook", secret="k")
    case = dispatched_case(world)
    with django_capture_on_commit_callbacks(execute=True):
        sweep_deadlines(at("2026-11-30 15:01"))
    with django_capture_on_commit_callbacks(execute=True):
        sweep_deadlines(at("2026-12-01 10:01"))
    sent = [json.loads(request.body) for request in server.received]
    assert [document["type"] for document in sent] == ["case.overdue", "case.supervise"]
    assert sent[0]["case"]["number"] == case.number
    # The area's commanders hear of the automatic 督办 as of a leader's own; the department once.
    assert Notification.objects.filter(case=case, verb="supervised", user=world.commander).exists()
    assert Notification.objects.filter(case=case, verb="supervised", department=world.hw).count() == 1


def test_a_flood_after_an_outage_is_not_sent_to_the_groups(world, settings, server, django_capture_on_commit_callbacks):
    from notifications.models import WebhookEndpoint

    settings.SWEEP_DIGEST_OVER = 1
    WebhookEndpoint.objects.create(name="环卫群", channel="generic", url=server.base_url + "/hook", secret="k")
    for _ in range(2):
        dispatched_case(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_deadlines(at("2026-11-30 15:01")).overdue == 2
    assert server.received == []
