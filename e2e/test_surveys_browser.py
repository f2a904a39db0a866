"""文明办 builds a survey with skip logic (a jump backwards is refused), publishes it; a resident answers it on a
phone with a verification code, the skipped question hidden; the results page then shows the rates and charts."""

from e2e.conftest import ARTIFACTS
from e2e.test_login_browser import demo, login  # noqa: F401  (demo: the fixture)
from surveys.models import Response, Survey
from verification import senders

PHONE = "13912345678"


def add_question(page, survey, code, kind, text, options="", jumps=""):
    page.goto(f"/surveys/{survey.pk}/questions/new/")
    page.fill("#id_code", code)
    page.select_option("#id_kind", kind)
    page.fill("#id_text", text)
    page.fill("#id_options", options)
    page.fill("#id_jumps", jumps)
    with page.expect_navigation():
        page.click("[data-testid=save-question]")


def test_a_survey_built_with_skip_logic_is_answered_on_a_phone_and_charted(page, demo, browser, live_server):  # noqa: F811
    login(page, "assessor")
    page.goto("/surveys/new/")
    page.fill("#id_title", "垃圾分类知晓率调查")
    page.select_option("#id_identification", "phone")
    with page.expect_navigation():
        page.click("[data-testid=create-survey]")
    survey = Survey.objects.get(title="垃圾分类知晓率调查")
    add_question(page, survey, "Q1", "single", "您知道垃圾分类吗？", "知道\n不知道", "不知道 => Q3")
    add_question(page, survey, "Q2", "single", "您支持垃圾分类吗？", "支持\n不支持")
    add_question(page, survey, "Q3", "rating", "您对小区垃圾分类满意吗？")
    # A jump back to Q1 would loop: refused with the questions named.
    add_question(page, survey, "Q4", "single", "还想再答一遍吗？", "是\n否", "是 => Q1")
    error = page.inner_text("[data-field-error=jumps]")
    assert "Q4" in error and "Q1" in error
    page.goto(f"/surveys/{survey.pk}/settings/")
    page.select_option("#id_awareness_question", "Q1")
    page.fill("#id_awareness_answers", "知道")
    page.select_option("#id_satisfaction_question", "Q3")
    with page.expect_navigation():
        page.click("[data-testid=save-settings]")
    with page.expect_navigation():
        page.click("[data-testid=publish]")
    assert page.inner_text("[data-testid=version-state]") == "已发布"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "survey-builder.png"), full_page=True)
    link = page.get_attribute("[data-testid=public-link]", "href")

    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        locale="zh-CN", timezone_id="Asia/Shanghai",
    )  # fmt: skip
    resident = phone.new_page()
    resident.set_default_timeout(15_000)
    resident.goto(link + "?c=DK-C01")
    resident.check("text=不知道")
    assert resident.locator("[data-testid=question-Q2]").is_hidden()  # the jump passes over Q2
    resident.click("label[for=q_Q3_4]")
    resident.fill("#id_phone", PHONE)
    resident.click("[data-send-code]")
    resident.wait_for_function("() => document.querySelector('[data-code-status]').textContent !== ''")
    resident.fill("#id_code", senders.last_code(PHONE))
    resident.screenshot(path=str(ARTIFACTS / "survey-phone.png"), full_page=True)
    with resident.expect_navigation():
        resident.click("[data-testid=submit]")
    resident.wait_for_selector("[data-testid=thanks]")
    phone.close()
    response = Response.objects.get(survey=survey)
    assert sorted(response.answers.values_list("code", flat=True)) == ["Q1", "Q3"]
    assert response.community.code == "DK-C01" and not response.flagged

    page.goto(f"/surveys/{survey.pk}/results/")
    assert page.inner_text("[data-testid=rate-awareness]").strip() == "0.0%"
    assert page.inner_text("[data-testid=rate-satisfaction]").strip() == "100.0%"
    page.wait_for_selector("#community-chart canvas")
    assert page.locator("[data-testid=question-chart] canvas").count() == 3  # Q1, Q2, Q3
    page.screenshot(path=str(ARTIFACTS / "survey-results.png"), full_page=True)
