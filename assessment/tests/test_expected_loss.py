"""The expected loss if assessors came today: recent failure rate × points per failure × assessors' sample."""

from decimal import Decimal

import time_machine

from assessment.models import AssessmentSettings
from assessment.selectors import expected_loss
from cases.tests.conftest import at


def test_expected_loss_equals_the_hand_computation(checks):
    # Four checks of the compound (sample size 10, 0.10 per failure): item 0 fails in 3 of 4 checks, item 1
    # in 1 of 4, item 2 in 1 of 3 answered (one "not applicable" is left out), the rest always pass.
    plans = [(0, 1), (0,), (0, 2), ()]
    for number, failures in enumerate(plans):
        answers = checks.answers(failures=failures)
        if number == 3:
            answers[2].outcome = "na"
        from assessment import services

        services.field_check_submit(
            actor=checks.assessor, site=checks.site, scheme=checks.scheme, client_id=f"k{number}",
            answers=answers, now=at(f"2026-11-{20 + number} 10:00"),
        )  # fmt: skip
    checks.compound_type.sample_size = 10
    checks.compound_type.save()
    by_hand = (Decimal(3) / 4 + Decimal(1) / 4 + Decimal(1) / 3) * Decimal("0.10") * 10
    figure = expected_loss(scheme=checks.scheme, path=checks.site.scope_path, now=at("2026-11-30 10:00"))
    assert figure == by_hand.quantize(Decimal("0.01")) == Decimal("1.33")


def test_only_recent_checks_count(checks):
    checks.check(failures=(0,), when="2026-08-01 10:00")
    settings = AssessmentSettings.current()
    settings.recent_days = 30
    settings.save()
    assert expected_loss(scheme=checks.scheme, path=checks.site.scope_path, now=at("2026-11-30 10:00")) == 0
    with time_machine.travel(at("2026-08-02 10:00"), tick=False):
        # Without `now` the figure is about today: here, the day after that check.
        assert expected_loss(scheme=checks.scheme, path=checks.site.scope_path) > 0


def test_the_trend_follows_deductions_found_and_won_back(checks):
    from datetime import date

    from assessment.models import Deduction
    from assessment.selectors import stake_trend

    checks.check(failures=(0, 1), when="2026-11-20 10:00")  # 0.20 from the 20th
    Deduction.objects.filter(item=checks.items[0]).update(status="resolved", settled_at=at("2026-11-25 15:00"))
    trend = stake_trend(path=checks.site.scope_path, kind="civilization", days=10, today=date(2026, 11, 28))
    assert trend["days"][0] == "11-19" and trend["days"][-1] == "11-28"
    assert trend["points"] == [0.0, 0.2, 0.2, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1]
