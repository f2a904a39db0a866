"""A resident registers as a volunteer on his phone, signs up for an activity running now, checks in and out by
position; the station confirms the time on its page; his hours and star update and the command screen counts him."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import OrgUnit, User
from e2e.conftest import ARTIFACTS
from e2e.test_login_browser import login
from e2e.test_mobile_browser import phone  # noqa: F401  (the phone fixture: 390×844, geolocation in 堤口庄社区)
from grids.models import Grid
from verification.senders import last_code
from volunteers import services
from volunteers.identity import check_digit
from volunteers.models import ServiceRecord, StarLevel, Volunteer

PHONE = "13766668888"


def _id_number() -> str:
    first17 = "370105199003150" + "42"
    return first17 + check_digit(first17)


def _activity_running_now():
    grid = Grid.objects.get(code="G-DK-C01")
    now = timezone.now()
    return services.activity_create(
        actor=User.objects.get(username="volunteer_admin"),
        organiser=OrgUnit.objects.get(code="DK-C01"),
        title="浏览器测试：学雷锋义务理发",
        kind="leifeng",
        festival="",
        place="堤口庄社区党群服务中心",
        lng=grid.min_lng + 0.002,  # where the phone fixture puts the phone
        lat=grid.min_lat + 0.002,
        starts_at=now - timedelta(minutes=100),
        ends_at=now + timedelta(minutes=60),
        capacity=10,
        skills="",
        signup_opens=now - timedelta(days=2),
        signup_closes=now + timedelta(minutes=50),
        description="",
    )


def test_a_volunteer_registers_checks_in_and_out_and_the_confirmed_hours_count(phone, page):  # noqa: F811
    mobile, _context, _picture = phone
    activity = _activity_running_now()
    StarLevel.objects.filter(stars=1).update(min_hours=Decimal("1"))  # one star within reach of one activity

    # Register on the phone, with the code texted to it.
    mobile.goto("/volunteers/m/")
    mobile.click("[data-testid=go-register]")
    mobile.fill("#id_name", "陈志远")
    mobile.fill("#id_id_number", _id_number())
    mobile.fill("#id_phone", PHONE)
    mobile.click("[data-send-code]")
    mobile.wait_for_function("() => document.querySelector('[data-code-status]').textContent !== ''")
    mobile.fill("#id_code", last_code(PHONE))
    mobile.select_option("#id_community", label="堤口庄社区")
    mobile.check("#id_consent")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    mobile.screenshot(path=str(ARTIFACTS / "h5-volunteer-register.png"), full_page=True)
    mobile.click("[data-testid=register-submit]")
    mobile.wait_for_url("**/volunteers/m/me/")
    volunteer = Volunteer.objects.get(name="陈志远")
    assert _id_number() not in mobile.content()

    # Sign up, check in by position.
    mobile.click(f"[data-testid=my-activities] a[href='/volunteers/m/activities/{activity.pk}/']")
    mobile.click("[data-testid=signup]")
    mobile.wait_for_selector("[data-testid=signup-status]")
    mobile.click("[data-testid=check-position]")
    mobile.wait_for_selector("[data-testid=my-record]")
    record = ServiceRecord.objects.get(volunteer=volunteer, activity=activity)
    assert record.check_in_method == "position"
    # The browser cannot wait 90 minutes: the check-in is moved back as if he had come 90 minutes ago.
    ServiceRecord.objects.filter(pk=record.pk).update(check_in_at=record.check_in_at - timedelta(minutes=90))
    mobile.reload()
    mobile.click("[data-testid=check-position]")
    mobile.wait_for_function("() => document.querySelector('[data-testid=my-record]').textContent.includes('1.50')")
    mobile.screenshot(path=str(ARTIFACTS / "h5-volunteer-checked-out.png"), full_page=True)

    # The station confirms the time.
    login(page, "volunteer_admin")
    page.goto(f"/volunteers/activities/{activity.pk}/")
    page.click(f"[data-testid=record-{volunteer.pk}] [data-testid=confirm]")
    page.wait_for_selector(".alert-success")
    page.screenshot(path=str(ARTIFACTS / "volunteer-activity.png"), full_page=True)

    # His page shows the hours and the star.
    mobile.goto("/volunteers/m/me/")
    assert mobile.inner_text("[data-testid=my-hours]") == "1.50"
    assert "1★" in mobile.inner_text("[data-testid=my-stars]")

    # The command screen counts him among today's active volunteers.
    page.context.clear_cookies()
    login(page, "commander")
    page.goto("/command/")
    page.wait_for_function(
        "() => document.querySelector('[data-tile=extra-volunteers]').textContent.trim() === '1'", timeout=20_000
    )
    page.goto("/volunteers/")
    page.screenshot(path=str(ARTIFACTS / "volunteer-rates.png"), full_page=True)
