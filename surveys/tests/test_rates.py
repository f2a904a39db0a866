from surveys import rates
from surveys.selectors import results


def test_the_rates_equal_a_hand_computation(world):
    # 知晓率: 知道/基本知道 count. Q1 answers: 知道, 基本知道, 不知道, 知道, 知道 → 4 of 5 = 80.0 %.
    # 支持率: Q2 only for those not led past it (不知道 jumps to Q3): 支持, 不支持, 支持, 支持 → 3 of 4 = 75.0 %.
    # 满意度: rating ≥ 4 of 5: 5, 4, 3, 2, 5 → 3 of 5 = 60.0 %.
    world.answer("知道", "支持", "5")
    world.answer("基本知道", "不支持", "4")
    world.answer("不知道", "", "3")
    world.answer("知道", "支持", "2", community=world.c02)
    world.answer("知道", "支持", "5", mode="door")
    figures = rates.overall(world.survey, world.survey.responses.all())
    assert (figures["awareness"].counted, figures["awareness"].answered, figures["awareness"].value) == (4, 5, 80.0)
    assert (figures["support"].counted, figures["support"].answered, figures["support"].value) == (3, 4, 75.0)
    assert (figures["satisfaction"].counted, figures["satisfaction"].answered, figures["satisfaction"].value) == (
        3,
        5,
        60.0,
    )


def test_the_rates_by_community_and_by_mode_are_counted_separately(world):
    world.answer("知道", "支持", "5")
    world.answer("不知道", "", "3")
    world.answer("知道", "不支持", "2", community=world.c02)
    world.answer("基本知道", "支持", "4", mode="door")
    figures = results(survey=world.survey, user=world.assessor)
    by_name = {row["community"].code: row for row in figures["communities"]}
    assert by_name["DK-C01"]["rates"]["awareness"].value == 66.7  # 2 of 3
    assert by_name["DK-C02"]["rates"]["support"].value == 0.0
    assert (by_name["DK-C01"]["public"], by_name["DK-C01"]["door"]) == (2, 1)
    modes = {mode: mode_rates for mode, _label, mode_rates in figures["modes"]}
    assert modes["door"]["satisfaction"].value == 100.0
    assert modes["public"]["satisfaction"].value == 33.3  # 5 of 5, 3, 2 → 1 of 3


def test_flagged_answers_are_kept_but_left_out_of_the_rates(world):
    world.answer("知道", "支持", "5")
    flagged = world.answer("不知道", "", "1", community=world.elsewhere)
    assert flagged.outside_area and flagged.pk
    assert rates.overall(world.survey, world.survey.responses.all())["awareness"].value == 100.0
    assert results(survey=world.survey, user=world.assessor)["totals"]["outside"] == 1
