from accounts.models import User
from civicgrid.plugins import collect


def source():
    return next(s for s in collect("evidence", "SOURCES") if s.key == "surveys")


def test_a_survey_is_offered_as_archive_evidence_to_its_readers(world):
    found = source().search(world.assessor, "创城调查", 10)
    assert [ref.ref_id for ref in found] == [str(world.survey.pk)]
    assert source().resolve(world.assessor, str(world.survey.pk)).url == f"/surveys/{world.survey.pk}/results/"


def test_a_role_that_does_not_read_surveys_is_offered_none(world):
    dispatcher = User.objects.get(username="dispatcher")
    assert source().search(dispatcher, "", 10) == []
    assert source().resolve(dispatcher, str(world.survey.pk)) is None
