import pytest
from django.core.exceptions import ValidationError

from surveys import services


def test_moving_a_question_swaps_it_with_its_neighbour(world):
    draft = services.draft_for_edit(actor=world.assessor, survey=world.survey)
    services.question_move(actor=world.assessor, question=draft.questions.get(code="Q4"), up=True)
    assert list(draft.questions.order_by("order").values_list("code", flat=True)) == ["Q1", "Q2", "Q4", "Q3"]


def test_a_move_that_would_make_a_jump_point_backwards_is_refused(world):
    draft = services.draft_for_edit(actor=world.assessor, survey=world.survey)
    services.question_move(actor=world.assessor, question=draft.questions.get(code="Q2"), up=True)  # Q2 Q1 Q3 Q4
    services.question_move(actor=world.assessor, question=draft.questions.get(code="Q1"), up=True)  # back
    q3 = draft.questions.get(code="Q3")
    services.question_move(actor=world.assessor, question=q3, up=True)  # Q1 Q3 Q2 Q4: Q1 → Q3 still forward
    with pytest.raises(ValidationError) as error:
        services.question_move(actor=world.assessor, question=q3, up=True)  # Q3 before Q1: Q1 → Q3 backwards
    assert "Q1" in " ".join(error.value.messages)
    assert list(draft.questions.order_by("order").values_list("code", flat=True)) == ["Q1", "Q3", "Q2", "Q4"]
