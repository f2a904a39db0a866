import pytest
from django.core.exceptions import ValidationError

from surveys import services
from surveys.models import Response


def test_a_skipped_required_question_is_an_error_naming_it(world):
    with pytest.raises(ValidationError) as error:
        world.answer("知道", "", "5")
    assert list(error.value.message_dict) == ["Q2"]
    assert Response.objects.filter(survey=world.survey).count() == 0


def test_a_question_the_skip_logic_passes_over_is_not_required(world):
    response = world.answer("不知道", "", "3")
    assert sorted(response.answers.values_list("code", flat=True)) == ["Q1", "Q3"]


def test_an_answer_to_a_skipped_question_is_dropped(world):
    response = world.answer("不知道", "支持", "3")
    assert not response.answers.filter(code="Q2").exists()


def test_a_jump_backwards_is_refused_as_a_loop_naming_the_questions(world):
    draft = services.draft_for_edit(actor=world.assessor, survey=world.survey)
    q2 = draft.questions.get(code="Q2")
    with pytest.raises(ValidationError) as error:
        services.question_save(
            actor=world.assessor, version=draft, question=q2, code="Q2", kind="single", text=q2.text,
            required=True, options=["支持", "不支持"], jumps=[{"answer": "不支持", "to": "Q1"}],
        )  # fmt: skip
    message = " ".join(error.value.messages)
    assert "Q2" in message and "Q1" in message


def test_a_published_version_is_frozen_and_editing_makes_a_new_draft(world):
    with pytest.raises(ValidationError):
        services.question_save(
            actor=world.assessor, version=world.version, code="Q9", kind="text", text="x", required=False,
            options=[], jumps=[],
        )  # fmt: skip
    draft = services.draft_for_edit(actor=world.assessor, survey=world.survey)
    assert draft.number == 2 and draft.questions.count() == 4


def test_answers_keep_the_version_they_answered(world):
    old = world.answer()
    draft = services.draft_for_edit(actor=world.assessor, survey=world.survey)
    world.version = services.version_publish(actor=world.assessor, version=draft)
    assert old.version.number == 1
    assert world.answer().version.number == 2


def test_an_answer_beyond_the_quota_is_flagged_not_dropped(db):
    from surveys.tests.conftest import SurveyWorld

    world = SurveyWorld(quota=1)
    first, second = world.answer(), world.answer()
    assert (first.over_quota, second.over_quota) == (False, True)
    assert Response.objects.filter(survey=world.survey).count() == 2
