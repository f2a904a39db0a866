"""身边好人 on a phone: verify the phone with a text-message code, vote, then read the honour roll; the public
pages carry no phone number."""

import re

from e2e.conftest import ARTIFACTS
from e2e.test_mobile_browser import phone  # noqa: F401  (the phone fixture: 390×844, the demo loaded)
from elections import services
from elections.demo import TITLE
from elections.models import Campaign, Vote
from verification.senders import last_code

VOTER = "13700001234"
# Not inside a longer run of letters and digits: a form's random hex key (uuid4) may hold 11 digits in a row.
PHONE_LIKE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d[\d*]{4}\d{4}(?![0-9A-Za-z])")


def test_a_resident_votes_on_a_phone_and_then_sees_the_honour_roll(phone):  # noqa: F811
    page, _context, _picture = phone
    campaign = Campaign.objects.get(title=TITLE)
    page.goto(f"/e/{campaign.pk}/")
    page.fill("#id_phone", VOTER)
    page.click("[data-send-code]")
    page.wait_for_function("() => document.querySelector('[data-code-status]').textContent !== ''")
    page.fill("#id_code", last_code(VOTER))
    with page.expect_navigation():
        page.click("#verify-form button[type=submit]")
    assert "3" in page.inner_text("[data-testid=votes-left]")
    nominee = page.locator("[data-testid=nominee]", has_text="王志强")
    before = Vote.objects.filter(nomination__nominee_name="王志强", campaign=campaign).count()
    with page.expect_navigation():
        nominee.locator("button[type=submit]").click()
    assert "2" in page.inner_text("[data-testid=votes-left]")
    assert Vote.objects.filter(nomination__nominee_name="王志强", campaign=campaign).count() == before + 1
    assert page.locator("[data-testid=nominee]", has_text="王志强").locator("button[disabled]").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "elections-ballot.png"), full_page=True)
    assert PHONE_LIKE.findall(page.content()) == []

    services.campaign_publish(actor=campaign.created_by, campaign=campaign)
    page.goto(f"/e/{campaign.pk}/honours/")
    honoured = page.locator("[data-testid=honoured]")
    assert honoured.count() == 3
    assert "王志强" in page.inner_text("main")
    page.wait_for_function("() => [...document.images].every(image => image.complete && image.naturalWidth > 0)")
    page.screenshot(path=str(ARTIFACTS / "elections-honour-roll.png"), full_page=True)
    assert PHONE_LIKE.findall(page.content()) == []
