"""The home page offers only what works: every link on it opens, for every demo role."""

from html.parser import HTMLParser

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/"):
            self.hrefs.append(href)


def links_on(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


DEMO_USERS = ["admin", "commander", "operator", "shift_lead", "dispatcher", "handler", "patroller", "patroller2"]
DEMO_USERS += ["assessor", "volunteer_admin", "volunteer", "handler_sz", "handler_cg"]


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_link_on_the_home_page_opens(client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    home = client.get("/")
    assert home.status_code == 200
    hrefs = links_on(home.content.decode())
    assert hrefs, "the home page links nowhere"
    broken = {}
    for href in dict.fromkeys(hrefs):
        status = client.get(href).status_code
        if status != 200:
            broken[href] = status
    assert broken == {}


@pytest.mark.parametrize("username", ["patroller", "operator", "shift_lead", "dispatcher", "handler", "commander"])
def test_every_task_of_a_role_with_work_is_a_link(client, username):
    client.force_login(User.objects.get(username=username))
    html = client.get("/").content.decode()
    assert 'data-role="' in html
    assert "Not yet available" not in html and "尚未开通" not in html
    assert html.count('class="fw-semibold stretched-link') >= 2


def test_commander_finds_the_command_screen_and_patroller_todays_patrol(client):
    client.force_login(User.objects.get(username="commander"))
    assert 'href="/command/"' in client.get("/").content.decode()
    client.force_login(User.objects.get(username="patroller"))
    assert 'href="/patrols/m/"' in client.get("/").content.decode()


def test_the_volunteer_finds_his_own_volunteer_page(client):
    # The volunteers module is built: the volunteer's panel leads to his hours, stars and activities.
    client.force_login(User.objects.get(username="volunteer"))
    html = client.get("/").content.decode()
    assert 'data-role="volunteer"' in html and 'href="/volunteers/m/me/"' in html
