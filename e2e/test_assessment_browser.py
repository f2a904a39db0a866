"""The assessor's phone: pick the nearest site, walk its checklist with photos, send it offline and once online;
the 0.1-point view then lists the deductions by points with their cases."""

from assessment.models import Deduction, FieldCheck, Site
from e2e.conftest import ARTIFACTS
from e2e.test_login_browser import login
from e2e.test_mobile_browser import phone  # noqa: F401  (the phone fixture: 390×844, geolocation in 堤口庄社区)


def test_a_field_check_on_the_phone_is_sent_once_after_going_offline(phone):  # noqa: F811
    page, context, picture = phone
    login(page, "assessor")
    page.wait_for_url("**/")
    page.goto("/assessment/m/")
    # The phone's position is in 堤口庄社区: one of its sites comes first.
    page.wait_for_selector("#site-list .checklists a")
    site = Site.objects.get(name=page.inner_text("#site-list li .name"))
    assert site.grid.code == "G-DK-C01"
    page.goto(f"/assessment/m/sites/{site.pk}/civilization/")
    items = page.locator(".check-item")
    count = items.count()
    assert count > 3
    # Two failures with a photo each, the rest pass.
    for index in (0, 2):
        item = items.nth(index)
        item.locator("label[for^=fail-]").click()
        item.locator("input[type=file]").set_input_files(str(picture))
    page.click("#all-pass")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "h5-field-check.png"), full_page=True)
    context.set_offline(True)
    page.click("[data-testid=check-submit]")
    page.wait_for_selector("#m-error.alert-warning")
    assert "待上传 1" in page.inner_text("[data-testid=outbox-status]")
    assert FieldCheck.objects.count() == 0
    context.set_offline(False)
    page.evaluate("window.Outbox.flush()")
    page.wait_for_function("() => document.getElementById('outbox-status').textContent === ''")
    page.evaluate("window.Outbox.flush()")  # a second try must not count the check twice
    check = FieldCheck.objects.get()
    assert check.failed == 2 and check.passed == count - 2
    deductions = list(Deduction.objects.order_by("-points", "pk"))
    assert len(deductions) == 2 and all(d.case.attachments.count() == 1 for d in deductions)

    page.goto(f"/assessment/?unit={site.org_unit_id}")
    rows = page.locator("[data-testid=deductions] tbody tr")
    assert rows.count() == 2
    link = rows.first.locator("a[href^='/cases/']")
    assert link.inner_text() == deductions[0].case.number
    page.screenshot(path=str(ARTIFACTS / "assessment-score.png"), full_page=True)
    link.click()
    page.wait_for_url(f"**/cases/{deductions[0].case_id}/")
