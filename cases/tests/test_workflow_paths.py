"""One case walked through every path of the workflow table, checking the timeline and deadlines at each step."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case, CaseState, Resolution
from cases.services import CaseChanged, CaseNotFound, TransitionNotAllowed, case_report, transition
from cases.tests.conftest import at, photo


def report(world, when="2026-11-30 09:00", **extra):
    lng, lat = world.point(extra.pop("grid", None))
    case, created = case_report(
        source="patrol",
        description="路边暴露垃圾一堆",
        lng=lng,
        lat=lat,
        actor=extra.pop("actor", world.patroller),
        now=at(when),
        **extra,
    )
    assert created
    return case


def actions(case):
    return list(case.events.order_by("created_at", "id").values_list("action", flat=True))


def go(case, action, actor, when, **fields):
    return transition(case=case, action=action, actor=actor, now=at(when), **fields)


def test_full_path_with_rework_twice_postpone_shelve_return_joint_disposal_reopen(world):
    case = report(world)
    assert case.state == CaseState.REPORTED
    assert case.number.startswith("20261130")
    # Filing stage: 1 working hour from 09:00 Monday.
    assert case.due_at == at("2026-11-30 10:00")

    case = go(case, "file", world.operator, "2026-11-30 09:20", category=world.category, condition=world.condition)
    assert case.state == CaseState.FILED
    assert case.rules["limit"] == "4" and case.rules["unit"] == "work_hour"
    assert case.due_at == at("2026-11-30 10:20")  # dispatch stage: 1 working hour

    case = go(case, "dispatch", world.dispatcher, "2026-11-30 09:30", department=world.hw, assists=[world.sz, world.yl])
    assert case.state == CaseState.DISPATCHED
    # Disposal: 4 working hours from 09:30 → 13:30 + 1 h across the lunch break = 15:00... (09:30–12:00 is 2.5 h)
    assert case.due_at == at("2026-11-30 15:00")

    case = go(case, "return_", world.handler, "2026-11-30 09:40", reason="不属于环卫所职责")
    assert case.state == CaseState.RETURNED and case.return_count == 1
    case = go(
        case, "redispatch", world.dispatcher, "2026-11-30 09:50", department=world.hw, assists=[world.sz, world.yl]
    )
    assert case.state == CaseState.DISPATCHED
    assert case.due_at == at("2026-11-30 15:20")

    case = go(case, "accept", world.handler, "2026-11-30 10:00")
    assert case.state == CaseState.IN_PROGRESS
    with pytest.raises(TransitionNotAllowed, match="协办"):
        go(case, "dispose", world.handler, "2026-11-30 10:30", feedback="已清理", photos_after=[photo()])
    case = go(case, "assist_feedback", world.handler_sz, "2026-11-30 10:10", feedback="市政已配合")
    case = go(case, "assist_feedback", world.handler_yl, "2026-11-30 10:15", feedback="园林已配合")

    case = go(
        case, "request_postpone", world.handler, "2026-11-30 10:20", reason="需要调车", amount="2", unit="work_hour"
    )
    case = go(case, "approve_postpone", world.shift_lead, "2026-11-30 10:25")
    assert case.postpone_count == 1
    assert case.due_at == at("2026-11-30 17:20")  # 15:20 + 2 working hours

    case = go(
        case, "shelve", world.shift_lead, "2026-11-30 11:00", reason="等待产权单位", review_date=date(2026, 12, 10)
    )
    assert case.state == CaseState.SHELVED and case.shelved_from == CaseState.IN_PROGRESS
    # Unshelved a day later: the 5.5 working hours left when shelved are left again.
    case = go(case, "unshelve", world.shift_lead, "2026-12-01 09:00")
    assert case.state == CaseState.IN_PROGRESS
    # Shelved at 11:00 with 17:20 due: 4 h 50 min of working time left → 09:00 + 3 h + 1 h 50 min.
    assert case.due_at == at("2026-12-01 15:20")

    for round_number, day in ((1, "2026-12-01"), (2, "2026-12-02")):
        case = go(
            case, "dispose", world.handler, f"{day} 10:00", feedback=f"第{round_number}次清理", photos_after=[photo()]
        )
        assert case.state == CaseState.DISPOSED
        assert case.due_at == at(f"{day} 15:30")  # verification: 4 working hours across lunch
        case = go(case, "verify_fail", world.patroller, f"{day} 10:30", reason="仍有残留")
        assert case.state == CaseState.DISPATCHED and case.rework_count == round_number
        assert case.due_at == at(f"{day} 16:00")  # a fresh disposal limit: 10:30 + 4 working hours
        case = go(case, "accept", world.handler, f"{day} 10:40")
        for helper in (world.handler_sz, world.handler_yl):
            case = go(case, "assist_feedback", helper, f"{day} 10:45", feedback="配合完成")

    case = go(case, "dispose", world.handler, "2026-12-03 11:00", feedback="彻底清理", photos_after=[photo()])
    case = go(case, "verify_ok", world.patroller, "2026-12-03 11:30", photos=[photo()])
    assert case.state == CaseState.VERIFIED
    case = go(case, "close", world.shift_lead, "2026-12-03 11:40")
    assert case.state == CaseState.CLOSED and case.resolution == Resolution.FIXED
    assert case.due_at is None

    case = go(case, "reopen", world.patroller, "2026-12-04 09:00", reason="又出现了")
    assert case.state == CaseState.FILED and case.reopen_count == 1
    assert case.due_at == at("2026-12-04 10:00")

    assert actions(case) == [
        "report", "file", "dispatch", "return_", "redispatch", "accept", "assist_feedback", "assist_feedback",
        "request_postpone", "approve_postpone", "shelve", "unshelve",
        "dispose", "verify_fail", "accept", "assist_feedback", "assist_feedback",
        "dispose", "verify_fail", "accept", "assist_feedback", "assist_feedback",
        "dispose", "verify_ok", "close", "reopen",
    ]  # fmt: skip
    assert case.version == len(actions(case))
    stages = list(case.stages.values_list("stage", "completed_at"))
    assert sum(1 for _stage, done in stages if done is None) == 1
    assert case.attachments.filter(phase="after").count() == 3
    # The clock started by reopening (the closed case had none) is the case's open stage, and the next
    # action completes it rather than running a second one beside it.
    running = case.stages.get(completed_at__isnull=True)
    assert Case.objects.get(pk=case.pk).open_stage_id == running.pk == case.open_stage_id
    case = go(case, "dispatch", world.dispatcher, "2026-12-04 09:10", department=world.hw)
    assert case.stages.filter(completed_at__isnull=True).count() == 1
    assert case.stages.get(pk=running.pk).completed_at == at("2026-12-04 09:10")


def test_void_needs_a_reason_and_keeps_the_case(world):
    case = report(world)
    with pytest.raises(ValidationError) as error:
        go(case, "void", world.operator, "2026-11-30 09:10", reason="  ")
    assert "reason" in error.value.message_dict
    case.refresh_from_db()
    assert case.state == CaseState.REPORTED and case.version == 1
    case = go(case, "void", world.operator, "2026-11-30 09:10", reason="重复上报")
    assert case.state == CaseState.VOIDED and case.resolution == Resolution.INVALID and case.due_at is None


def test_merge_points_the_duplicate_to_the_survivor(world):
    first = report(world, category=world.category)
    second = report(world, "2026-11-30 09:30", category=world.category, actor=world.patroller)
    assert second.duplicate_of_id == first.pk and second.duplicate_score > 0.5
    second = go(second, "merge", world.operator, "2026-11-30 09:40", survivor=first)
    assert second.state == CaseState.VOIDED and second.merged_into_id == first.pk
    assert second.resolution == Resolution.DUPLICATE
    assert list(first.merged_cases.all()) == [second]


def test_self_dispose_needs_photos_before_and_after_and_closes(world):
    case = report(world)
    with pytest.raises(ValidationError) as error:
        go(case, "self_dispose", world.patroller, "2026-11-30 09:05", photos_after=[photo()])
    assert "photos_before" in error.value.message_dict
    case = go(
        case, "self_dispose", world.patroller, "2026-11-30 09:05", photos_before=[photo()], photos_after=[photo()]
    )
    assert case.state == CaseState.CLOSED and case.resolution == Resolution.SELF_DISPOSED
    assert sorted(case.attachments.values_list("phase", flat=True)) == ["after", "before"]


def test_only_the_reporting_patroller_may_self_dispose(world):
    case = report(world)
    world.patroller2.org_unit = world.patroller.org_unit
    world.patroller2.save()
    with pytest.raises(TransitionNotAllowed):
        go(case, "self_dispose", world.patroller2, "2026-11-30 09:05", photos_before=[photo()], photos_after=[photo()])


def test_transferred_close_and_postponement_rejected(world):
    case = report(world)
    case = go(case, "file", world.operator, "2026-11-30 09:20", category=world.category, condition=world.condition)
    case = go(case, "close_transferred", world.shift_lead, "2026-11-30 09:30", reason="属铁路部门管辖")
    assert case.resolution == Resolution.TRANSFERRED

    other = report(world)
    other = go(other, "file", world.operator, "2026-11-30 09:20", category=world.category, condition=world.condition)
    other = go(other, "dispatch", world.dispatcher, "2026-11-30 09:30", department=world.hw)
    other = go(other, "accept", world.handler, "2026-11-30 09:40")
    other = go(other, "request_postpone", world.handler, "2026-11-30 09:50", reason="需要", amount=1, unit="work_day")
    with pytest.raises(TransitionNotAllowed):
        go(other, "request_postpone", world.handler, "2026-11-30 09:51", reason="再要", amount=1, unit="work_day")
    due = other.due_at
    other = go(other, "reject_postpone", world.shift_lead, "2026-11-30 10:00", reason="时限内可完成")
    assert other.due_at == due and other.postpone_count == 0


def test_wrong_state_is_refused_naming_state_and_action(world):
    case = report(world)
    with pytest.raises(TransitionNotAllowed) as error:
        go(case, "close", world.shift_lead, "2026-11-30 09:10")
    assert "已上报" in error.value.message and "结案" in error.value.message
    case.refresh_from_db()
    assert case.version == 1 and actions(case) == ["report"]


def test_wrong_role_is_refused(world):
    case = report(world)
    with pytest.raises(TransitionNotAllowed):
        go(case, "file", world.dispatcher, "2026-11-30 09:10", category=world.category, condition=world.condition)


def test_other_department_cannot_accept(world):
    case = report(world)
    case = go(case, "file", world.operator, "2026-11-30 09:20", category=world.category, condition=world.condition)
    case = go(case, "dispatch", world.dispatcher, "2026-11-30 09:30", department=world.hw)
    with pytest.raises(CaseNotFound):
        go(case, "accept", world.handler_sz, "2026-11-30 09:40")


def test_patroller_of_another_community_cannot_see_the_case(world):
    case = report(world)
    with pytest.raises(CaseNotFound):
        go(case, "verify_ok", world.patroller2, "2026-11-30 09:40")


def test_stale_version_is_told_the_case_changed(world):
    case = report(world)
    go(case, "file", world.operator, "2026-11-30 09:20", category=world.category, condition=world.condition)
    with pytest.raises(CaseChanged, match="已被他人修改"):
        transition(
            case=case, action="void", actor=world.shift_lead, expected_version=1, reason="x", now=at("2026-11-30 09:21")
        )


def test_reopen_only_within_the_window(world):
    case = report(world)
    case = go(
        case, "self_dispose", world.patroller, "2026-11-30 09:05", photos_before=[photo()], photos_after=[photo()]
    )
    with pytest.raises(TransitionNotAllowed, match="7"):
        go(case, "reopen", world.patroller, "2026-12-08 09:05", reason="又坏了")


def test_supervise_flags_and_notifies_handler_and_leader(world, django_capture_on_commit_callbacks):
    from notifications.models import Notification

    world.hw.leader = world.users["commander"]
    world.hw.save()
    case = report(world)
    case = go(case, "file", world.operator, "2026-11-30 09:20", category=world.category, condition=world.condition)
    case = go(case, "dispatch", world.dispatcher, "2026-11-30 09:30", department=world.hw)
    with django_capture_on_commit_callbacks(execute=True):
        case = go(case, "supervise", world.commander, "2026-11-30 09:40", message="请今天处理完")
    assert case.supervised is True and case.state == CaseState.DISPATCHED
    supervision = Notification.objects.filter(case=case, verb="supervised")
    assert supervision.filter(department=world.hw).exists()
    assert supervision.filter(user=world.users["commander"]).exists() is False  # the actor is not told of their own act
    assert "请今天处理完" in supervision.first().body


def test_shelve_needs_a_future_review_date(world):
    case = report(world)
    case = go(case, "file", world.operator, "2026-11-30 09:20", category=world.category, condition=world.condition)
    with pytest.raises(ValidationError) as error:
        go(
            case,
            "shelve",
            world.shift_lead,
            "2026-11-30 09:30",
            reason="x",
            review_date=date(2026, 11, 29),  # the day before the action
        )
    assert "review_date" in error.value.message_dict
