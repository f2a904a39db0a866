"""A field check's failures become deductions and cases; the points come back only with a verified fix."""

from decimal import Decimal

from assessment.models import CheckResult, Deduction, FieldCheck
from assessment.selectors import DEDUCTION_OPEN, score
from cases.models import Case, CaseSource, CaseState
from cases.services import transition
from cases.tests.conftest import at, photo


def lost(checks) -> Decimal:
    return score(scheme=checks.scheme, path=checks.site.scope_path, now=at("2026-12-01 10:00")).lost


def dispose(checks, case):
    """Filed, dispatched to 环卫所, accepted and disposed with a photo: fixed, but not yet verified."""
    with checks.delivered():
        return _dispose(checks, case)


def _dispose(checks, case):
    w, day = checks, "2026-11-30"
    condition = case.category.conditions.first()
    case = transition(case=case, action="file", actor=w.operator, category=case.category, condition=condition,
                      now=at(f"{day} 11:00"))  # fmt: skip
    case = transition(case=case, action="dispatch", actor=w.dispatcher, department=w.hw, now=at(f"{day} 11:10"))
    case = transition(case=case, action="accept", actor=w.handler, now=at(f"{day} 11:20"))
    return transition(case=case, action="dispose", actor=w.handler, feedback="已整改", photos_after=[photo()],
                      now=at(f"{day} 14:00"))  # fmt: skip


def verify_and_close(checks, case):
    with checks.delivered():
        case = transition(case=case, action="verify_ok", actor=checks.patroller, now=at("2026-11-30 15:00"))
        return transition(case=case, action="close", actor=checks.shift_lead, now=at("2026-11-30 16:00"))


def test_three_failures_make_three_deductions_and_three_cases_in_the_mapped_categories(checks):
    check, created = checks.check(failures=(0, 2, 5))
    assert created and check.failed == 3 and check.passed == len(checks.items) - 3
    deductions = list(Deduction.objects.filter(observations__field_check=check).select_related("case", "item"))
    assert len(deductions) == 3
    for deduction in deductions:
        case = deduction.case
        assert case.source == CaseSource.INSPECTION and case.state == CaseState.REPORTED
        assert case.category_id == deduction.item.category_id
        assert (case.lng, case.lat) == (checks.site.lng, checks.site.lat)
        assert case.attachments.count() == 1
        assert case.deduction == deduction  # linked both ways
        assert deduction.points == deduction.item.points
    assert lost(checks) == sum(d.points for d in deductions)


def test_verifying_and_closing_two_cases_wins_back_exactly_their_points(checks):
    check, _ = checks.check(failures=(0, 2, 5))
    deductions = list(Deduction.objects.filter(observations__field_check=check).order_by("pk"))
    before = lost(checks)
    first = dispose(checks, deductions[0].case)
    assert lost(checks) == before  # disposed is not fixed: only a verified close wins the points back
    verify_and_close(checks, first)
    verify_and_close(checks, dispose(checks, deductions[1].case))
    assert lost(checks) == before - deductions[0].points - deductions[1].points
    assert Deduction.objects.filter(DEDUCTION_OPEN).get() == deductions[2]


def test_a_recheck_confirms_an_open_failure_without_a_second_case(checks):
    checks.check(failures=(0, 2, 5))
    cases_before = Case.objects.count()
    second, created = checks.check(failures=(5,), key="k2", when="2026-12-01 09:00")
    assert created and second.failed == 1
    assert Case.objects.count() == cases_before
    deduction = Deduction.objects.get(item=checks.items[5])
    assert deduction.times_seen == 2 and deduction.last_seen_at == at("2026-12-01 09:00")
    assert CheckResult.objects.filter(deduction=deduction).count() == 2


def test_a_failure_found_again_after_its_fix_is_a_new_deduction(checks):
    checks.check(failures=(1,))
    deduction = Deduction.objects.get()
    verify_and_close(checks, dispose(checks, deduction.case))
    checks.check(failures=(1,), key="k2", when="2026-12-02 09:00")
    assert Deduction.objects.count() == 2 and Deduction.objects.filter(DEDUCTION_OPEN).count() == 1


def test_the_same_submission_twice_is_one_check(checks):
    first, created = checks.check(failures=(0,))
    again, created_again = checks.check(failures=(0,))
    assert created and not created_again and first.pk == again.pk
    assert FieldCheck.objects.count() == 1 and Deduction.objects.count() == 1


def test_several_instances_cost_more_up_to_the_cap_per_place(checks):
    checks.check(failures=(0,), count=5)
    item = checks.items[0]
    assert Deduction.objects.get().points == item.cap_per_place == Decimal("0.30")


def test_a_voided_case_withdraws_its_deduction(checks):
    checks.check(failures=(0,))
    case = Deduction.objects.get().case
    with checks.delivered():
        transition(case=case, action="void", actor=checks.operator, reason="测评员误判", now=at("2026-11-30 11:00"))
    assert lost(checks) == 0
    assert Deduction.objects.get().status == "withdrawn"


def test_a_missed_event_is_caught_up_by_the_reconciliation_and_a_reopen_opens_it_again(checks):
    from assessment.services import deductions_reconcile

    checks.check(failures=(0,))
    deduction = Deduction.objects.get()
    case = _dispose(checks, deduction.case)  # no delivery: as if the worker died after the commit
    case = transition(case=case, action="verify_ok", actor=checks.patroller, now=at("2026-11-30 15:00"))
    case = transition(case=case, action="close", actor=checks.shift_lead, now=at("2026-11-30 16:00"))
    assert lost(checks) == deduction.points  # not yet known
    assert deductions_reconcile() == 1 and lost(checks) == 0
    with checks.delivered():
        transition(case=case, action="reopen", actor=checks.patroller, reason="又出现了", now=at("2026-12-01 09:00"))
    deduction.refresh_from_db()
    assert deduction.status == "open" and deduction.settled_at is None and lost(checks) == deduction.points
