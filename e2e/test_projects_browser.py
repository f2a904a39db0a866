"""Projects on the staff side (the timeline and the photos before and after) and the public site's pages of
projects, 实事 and articles, which show no personal data."""

import re

from accounts.models import User
from e2e.test_login_browser import demo, login  # noqa: F401  (the demo fixture)
from pledges.models import Pledge
from projects.models import Project
from projects.tests.conftest import picture

PHONE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")


def test_a_project_page_shows_its_timeline_and_its_photos_before_and_after(page, demo, screenshot, tmp_path):  # noqa: F811
    project = Project.objects.get(name="无影山西路9号院老旧小区改造")
    login(page, "commander")
    page.wait_for_url("**/")
    page.goto(f"/projects/{project.pk}/")
    rows = page.locator("[data-testid=timeline-row]")
    assert rows.count() == project.milestones.count() == 5
    assert page.locator("[data-testid=timeline-row] .gantt-actual").count() == 5
    assert page.inner_text("[data-testid=progress-value]") == "100%"
    for phase in ("before", "after"):
        image = page.locator(f"[data-phase={phase}] img.project-photo")
        assert image.count() == 1
        # Served through the permission-checked media view, and really a picture.
        assert image.evaluate("node => node.complete && node.naturalWidth > 0")
    # A photo during the works, uploaded on the page, lands in its column.
    path = tmp_path / "during.jpg"
    path.write_bytes(picture((200, 150, 40)).read())
    page.select_option("#id_phase", "during")
    page.set_input_files("#id_photos", str(path))
    with page.expect_navigation():
        page.click("form[action$='/photos/'] button[type=submit]")
    assert page.locator("[data-phase=during] img.project-photo").count() == 1
    assert page.locator("#project-map path.leaflet-interactive").count() == 1  # the area drawn on its map
    screenshot("project-detail")

    page.goto("/projects/map/")
    page.wait_for_selector("#projects-map[data-loaded='1']")
    assert page.locator("#projects-map .leaflet-interactive").count() == Project.objects.count()
    screenshot("projects-map")


def test_the_public_pages_show_no_personal_data(page, demo, screenshot):  # noqa: F811
    staff = User.objects.filter(is_demo=True)
    personal = {u.name for u in staff if u.name} | {u.phone for u in staff if u.phone} | {u.username for u in staff}
    for pledge in Pledge.objects.all():
        personal |= {pledge.request, pledge.feedback_text} - {""}
    project = Project.objects.get(name="无影山西路9号院老旧小区改造")
    for url in (
        "/public/projects/",
        f"/public/projects/projects/{project.pk}/",
        "/public/pledges/",
        "/public/articles/",
    ):
        page.goto(url)
        text = page.inner_text("main")
        assert not PHONE.search(text), url
        assert [value for value in personal if value in text] == [], url
    page.click("[data-testid=public-articles] a >> nth=0")
    assert page.locator("[data-testid=article-body] p").count() >= 1
    assert page.locator("[data-testid=article-body] script").count() == 0
    page.goto(f"/public/projects/projects/{project.pk}/")
    assert page.locator("[data-testid=timeline-row]").count() == 5
    for phase in ("before", "after"):
        assert page.locator(f"[data-phase={phase}] img").evaluate("node => node.complete && node.naturalWidth > 0")
    screenshot("public-project")
    page.goto("/public/pledges/?community=DK-C05")
    assert "为无影山西路9号院加装楼道扶手" in page.inner_text("[data-testid=public-pledges]")
    screenshot("public-pledges")
