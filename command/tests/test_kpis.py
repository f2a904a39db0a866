"""KPI figures on hand-built scenarios with known answers."""

from datetime import date
from decimal import Decimal

from django.core.cache import cache

from cases.tests.conftest import photo
from command.kpis import INDICATOR_INDEX
from command.models import DailyStat, SubjectKind
from command.selectors import Period, period_counts, unit_summary
from command.tests.scenario import close_after_disposal, file, go, report, to_disposed

MONDAY = date(2026, 11, 30)
WEEK = Period(MONDAY, date(2026, 12, 6))


def counts(kind, subject_id, period=WEEK):
    return period_counts(kind=kind, subject_ids=[subject_id], period=period).get(subject_id, {})


def value(code, kind, subject_id, period=WEEK):
    return INDICATOR_INDEX[code].value(counts(kind, subject_id, period))


def test_two_reworked_of_ten_disposed_is_a_rework_rate_of_20_percent(world):
    cases = []
    for i in range(10):
        case = file(world, report(world, f"2026-11-30 09:{i:02d}"), f"2026-11-30 09:{i + 10:02d}")
        cases.append(
            to_disposed(world, case, dispatch="2026-11-30 09:30", accept="2026-11-30 09:40", dispose="2026-11-30 10:30")
        )
    for case in cases[:2]:
        case = go(case, "verify_fail", world.patroller, "2026-11-30 11:00", reason="未清理干净")
        # Redone and failed again: still one reworked case.
        case = go(case, "accept", world.handler, "2026-11-30 11:10")
        case = go(case, "dispose", world.handler, "2026-11-30 11:20", feedback="再次清理", photos_after=[photo()])
        go(case, "verify_fail", world.patroller, "2026-11-30 11:30", reason="仍未清理")
    street = world.operator.org_unit
    assert value("rework_rate", SubjectKind.ORG, street.pk) == Decimal("0.2")
    assert value("dept_rework_rate", SubjectKind.DEPARTMENT, world.hw.pk) == Decimal("0.2")
    # The community of the grid counts the same cases as the street above it.
    community = world.grid.org_unit
    assert counts(SubjectKind.ORG, community.pk)["disposed"] == 10
    assert counts(SubjectKind.ORG, community.pk)["reworked"] == 2


def test_a_case_closed_after_its_deadline_is_not_on_time(world):
    # 暴露垃圾: 4 working hours to dispose. Dispatched 09:30 Monday → due 15:00.
    fast = file(world, report(world, "2026-11-30 09:00"), "2026-11-30 09:10")
    fast = to_disposed(world, fast, dispatch="2026-11-30 09:30", accept="2026-11-30 09:40", dispose="2026-11-30 11:00")
    close_after_disposal(world, fast, verify="2026-11-30 11:20", close="2026-11-30 11:40")

    slow = file(world, report(world, "2026-11-30 09:01"), "2026-11-30 09:11")
    slow = to_disposed(world, slow, dispatch="2026-11-30 09:31", accept="2026-11-30 09:41", dispose="2026-12-01 10:00")
    close_after_disposal(world, slow, verify="2026-12-01 10:10", close="2026-12-01 10:20")

    street = world.operator.org_unit
    got = counts(SubjectKind.ORG, street.pk)
    assert got["closed"] == 2 and got["closed_on_time"] == 1
    assert value("on_time_close_rate", SubjectKind.ORG, street.pk) == Decimal("0.5")
    assert value("close_rate", SubjectKind.ORG, street.pk) == 1
    # The department disposed one on time; the late one counts once, as due and not on time.
    assert value("on_time_disposal_rate", SubjectKind.DEPARTMENT, world.hw.pk) == Decimal("0.5")


def test_holidays_do_not_count_against_the_deadline(world):
    # Filed on the last working day before National Day 2026 (1–7 October off): the 4 working hours
    # left at 16:00 on 30 September run on to 8 October, so disposing on 8 October morning is on time.
    case = file(world, report(world, "2026-09-30 15:00"), "2026-09-30 15:10")
    case = to_disposed(world, case, dispatch="2026-09-30 15:20", accept="2026-09-30 15:30", dispose="2026-10-08 09:30")
    assert case.events.get(action="dispose").payload["kpi"]["late"] is False
    close_after_disposal(world, case, verify="2026-10-08 09:40", close="2026-10-08 09:50")
    autumn = Period(date(2026, 9, 28), date(2026, 10, 11))
    street = world.operator.org_unit
    assert value("on_time_disposal_rate", SubjectKind.DEPARTMENT, world.hw.pk, autumn) == 1
    assert value("on_time_close_rate", SubjectKind.ORG, street.pk, autumn) == 1


def test_a_missed_deadline_is_counted_when_the_sweep_finds_it(world):
    from cases.sweep import sweep_deadlines
    from cases.tests.conftest import at
    from command import rollup

    case = file(world, report(world, "2026-11-30 09:00"), "2026-11-30 09:10")
    go(case, "dispatch", world.dispatcher, "2026-11-30 09:30", department=world.hw)
    sweep_deadlines(at("2026-11-30 16:00"))
    rollup.apply_pending()
    assert counts(SubjectKind.DEPARTMENT, world.hw.pk)["overdue"] == 1
    assert counts(SubjectKind.DEPARTMENT, world.hw.pk)["disposal_due"] == 1
    assert value("on_time_disposal_rate", SubjectKind.DEPARTMENT, world.hw.pk) == 0


def test_people_are_counted_for_what_they_did(world):
    valid = file(world, report(world, "2026-11-30 09:00"), "2026-11-30 09:05")
    go(report(world, "2026-11-30 09:01"), "void", world.operator, "2026-11-30 09:06", reason="重复")
    go(valid, "dispatch", world.dispatcher, "2026-11-30 12:00", department=world.hw)  # dispatch limit 1 h: late
    go(valid, "return_", world.handler, "2026-11-30 12:10", reason="非本部门")
    patroller = counts(SubjectKind.USER, world.patroller.pk)
    assert patroller["reports"] == 2 and patroller["valid_reports"] == 1
    assert value("valid_report_rate", SubjectKind.USER, world.patroller.pk) == Decimal("0.5")
    dispatcher = counts(SubjectKind.USER, world.dispatcher.pk)
    assert dispatcher["dispatched"] == 1 and dispatcher["dispatched_on_time"] == 0
    assert value("accurate_dispatch_rate", SubjectKind.USER, world.dispatcher.pk) == 0
    operator = counts(SubjectKind.USER, world.operator.pk)
    assert operator["filed"] == 1 and operator["filed_on_time"] == 1 and operator["voided"] == 1


def test_figures_of_a_past_period_do_not_change_when_its_cases_change_later(world):
    case = file(world, report(world, "2026-11-30 09:00"), "2026-11-30 09:05")
    case = to_disposed(world, case, dispatch="2026-11-30 09:10", accept="2026-11-30 09:20", dispose="2026-11-30 10:00")
    case = close_after_disposal(world, case, verify="2026-11-30 10:10", close="2026-11-30 10:20")
    street = world.operator.org_unit
    before = unit_summary(unit=street, period=WEEK)["counts"]
    go(case, "reopen", world.patroller, "2026-12-07 09:00", reason="又有垃圾")
    cache.clear()  # read the rollups again, not the shared sums
    assert unit_summary(unit=street, period=WEEK)["counts"] == before
    assert counts(SubjectKind.ORG, street.pk, Period(date(2026, 12, 7), date(2026, 12, 13)))["reopened"] == 1


def test_events_are_counted_on_their_local_day(world):
    # 00:30 in Shanghai is the previous day in UTC.
    file(world, report(world, "2026-12-01 00:30"), "2026-12-01 08:40")
    street = world.operator.org_unit
    row = DailyStat.objects.get(kind=SubjectKind.ORG, subject_id=street.pk, day=date(2026, 12, 1))
    assert row.reports == 1 and row.filed == 1


def test_with_intake_approval_the_shift_leads_approval_files_the_case(world):
    from cases.models import WorkflowSettings

    settings = WorkflowSettings.current()
    settings.intake_approval = True
    settings.save()
    case = report(world, "2026-11-30 09:00")
    case = go(
        case, "request_file", world.operator, "2026-11-30 09:05", category=world.category, condition=world.condition
    )
    go(case, "approve_file", world.shift_lead, "2026-11-30 09:20")
    street = world.operator.org_unit
    assert counts(SubjectKind.ORG, street.pk)["filed"] == 1
    assert counts(SubjectKind.USER, world.patroller.pk)["valid_reports"] == 1
    assert counts(SubjectKind.USER, world.shift_lead.pk)["filed"] == 1


def test_a_score_scheme_with_unknown_codes_or_muddled_bands_is_refused(db):
    import pytest
    from django.core.exceptions import ValidationError

    from command.models import ScoreScheme

    scheme = ScoreScheme.objects.get(subject="community")  # one per subject: the demo's default
    scheme.weights, scheme.bands = {"close_rate": 40, "nope": 10}, [["A", 60], ["B", 90]]
    with pytest.raises(ValidationError) as caught:
        scheme.full_clean()
    assert set(caught.value.message_dict) == {"weights", "bands"}
    scheme.weights, scheme.bands = {"close_rate": 40}, [["A", 90], ["E", 0]]
    scheme.full_clean()
