import pytest

from accounts.models import OrgUnit, User
from surveys import services
from verification import senders

QUESTIONS = [
    ("Q1", "single", "知道创城吗？", ["知道", "基本知道", "不知道"], [{"answer": "不知道", "to": "Q3"}]),
    ("Q2", "single", "支持创城吗？", ["支持", "不支持"], []),
    ("Q3", "rating", "满意程度", [], []),
    ("Q4", "text", "建议", [], []),
]


class SurveyWorld:
    """The demo subdistrict with a published phone survey covering 堤口庄社区 and 化纤厂路社区."""

    def __init__(self, *, identification="phone", quota=0):
        self.assessor = User.objects.get(username="assessor")
        self.patroller = User.objects.get(username="patroller")
        self.c01 = OrgUnit.objects.get(code="DK-C01")
        self.c02 = OrgUnit.objects.get(code="DK-C02")
        self.elsewhere = OrgUnit.objects.get(code="DK-C03")
        self.survey = services.survey_create(
            actor=self.assessor,
            title="创城调查",
            org_unit=OrgUnit.objects.get(code="370105-DK"),
            identification=identification,
            communities=[(self.c01, quota), (self.c02, 0)],
        )
        self.version = self.survey.versions.get()
        for code, kind, text, options, jumps in QUESTIONS:
            services.question_save(
                actor=self.assessor, version=self.version, code=code, kind=kind, text=text,
                required=code != "Q4", options=options, jumps=jumps,
            )  # fmt: skip
        self.survey = services.survey_settings_save(
            actor=self.assessor, survey=self.survey, title="创城调查", intro="", identification=identification,
            is_open=True, awareness_question="Q1", awareness_answers=["知道", "基本知道"], support_question="Q2",
            support_answers=["支持"], satisfaction_question="Q3", satisfaction_min=4,
        )  # fmt: skip
        services.version_publish(actor=self.assessor, version=self.version)
        self.version.refresh_from_db()
        self.count = 0

    def answer(self, q1="知道", q2="支持", q3="5", *, q4="", community=None, key=None, mode="public", token=None):
        self.count += 1
        respondent = services.Respondent(
            key=key or f"test:{self.count}", mode=mode, collected_by=self.patroller if mode == "door" else None,
            address="堤口庄1号楼" if mode == "door" else "",
        )  # fmt: skip
        response, _created = services.response_submit(
            survey=self.survey, version=self.version, respondent=respondent,
            submission_token=token or f"t{self.count}", community=community or self.c01,
            raw_answers={"Q1": q1, "Q2": q2, "Q3": q3, "Q4": q4},
        )  # fmt: skip
        return response


@pytest.fixture
def world(db):
    return SurveyWorld()


@pytest.fixture(autouse=True)
def empty_outbox():
    senders.outbox.clear()
    yield
    senders.outbox.clear()
