"""Demo survey: a 创城知晓率 questionnaire of the subdistrict, published, with answers from residents and door to
door in a few communities (so the results page, the screen tiles and the KPI page show figures)."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import OrgUnit, OrgUnitKind, User

TITLE = "2026年创建文明城市市民知晓率、满意度调查（示例）"
QUESTIONS = [
    (
        "Q1",
        "single",
        "您是否知道我市正在创建全国文明城市？",
        ["知道", "基本知道", "不知道"],
        [{"answer": "不知道", "to": "Q3"}],
    ),
    ("Q2", "single", "您是否支持创建文明城市工作？", ["支持", "无所谓", "不支持"], []),
    ("Q3", "rating", "您对所在社区环境卫生和秩序的满意程度（1–5分）", [], []),
    (
        "Q4",
        "multiple",
        "您认为社区最需要改进的方面（可多选）",
        ["环境卫生", "停车秩序", "绿化", "公共设施", "文明宣传"],
        [],
    ),
    ("Q5", "text", "您对创城工作的意见和建议", [], []),
]
# (community code, answers): Q1, Q2, Q3, Q4 options
ANSWERS = [
    ("DK-C01", "知道", "支持", 5, ["环境卫生"]), ("DK-C01", "基本知道", "支持", 4, ["停车秩序", "绿化"]),
    ("DK-C01", "不知道", None, 3, ["公共设施"]), ("DK-C02", "知道", "支持", 4, ["停车秩序"]),
    ("DK-C02", "知道", "无所谓", 2, ["环境卫生", "文明宣传"]), ("DK-C03", "基本知道", "支持", 5, ["绿化"]),
    ("DK-C03", "知道", "支持", 4, []), ("DK-C04", "不知道", None, 3, ["环境卫生"]),
]  # fmt: skip


def load(stdout=None) -> dict:
    from surveys import services
    from surveys.models import Survey

    if Survey.objects.filter(title=TITLE).exists():
        return {"surveys": 0, "responses": 0}
    assessor = User.objects.filter(username="assessor").first()
    subdistrict = OrgUnit.objects.filter(kind=OrgUnitKind.SUBDISTRICT, is_demo=True).first()
    if assessor is None or subdistrict is None:
        return {"surveys": 0, "responses": 0}
    communities = list(OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNITY, path__startswith=subdistrict.path))
    survey = services.survey_create(
        actor=assessor, title=TITLE, org_unit=subdistrict, identification="device", is_demo=True,
        intro="为了解居民对创城工作的知晓和满意程度，请花一分钟填写。问卷匿名，结果仅用于改进工作。",
        communities=[(unit, 30) for unit in communities],
    )  # fmt: skip
    version = survey.versions.get()
    for code, kind, text, options, jumps in QUESTIONS:
        services.question_save(
            actor=assessor, version=version, code=code, kind=kind, text=text, required=code in ("Q1", "Q2", "Q3"),
            options=options, jumps=jumps, scale=5,
        )  # fmt: skip
    survey = services.survey_settings_save(
        actor=assessor, survey=survey, title=TITLE, intro=survey.intro, identification="device", is_open=True,
        awareness_question="Q1", awareness_answers=["知道", "基本知道"], support_question="Q2",
        support_answers=["支持"], satisfaction_question="Q3", satisfaction_min=4,
    )  # fmt: skip
    version = services.version_publish(actor=assessor, version=version)
    by_code = {unit.code: unit for unit in communities}
    patroller = User.objects.filter(username="patroller").first()
    now = timezone.now()
    for number, (code, q1, q2, q3, q4) in enumerate(ANSWERS):
        door = number % 3 == 2 and patroller is not None
        respondent = services.Respondent(
            key=f"demo:{number}", mode="door" if door else "public", collected_by=patroller if door else None,
            address=f"{by_code[code].name}{number + 1}号楼" if door else "",
        )  # fmt: skip
        services.response_submit(
            survey=survey, version=version, respondent=respondent, submission_token=f"demo-{number}",
            community=by_code.get(code), raw_answers={"Q1": q1, "Q2": q2 or "", "Q3": str(q3), "Q4": q4, "Q5": ""},
            now=now - timedelta(hours=number + 1),
        )  # fmt: skip
    return {"surveys": 1, "responses": len(ANSWERS)}
