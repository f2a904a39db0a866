import pytest
from django.conf import settings

from accounts.models import RoleCode
from accounts.tests.factories import PASSWORD, make_user


@pytest.fixture
def operator(tree):
    return make_user(unit=tree["street"], roles=[RoleCode.OPERATOR], username="caozuoyuan")


def test_login_page_is_chinese(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert "用户名" in response.content.decode()
    assert "登录" in response.content.decode()


def test_login_page_ignores_english_browser(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "用户名" in response.content.decode()


def test_language_switch_to_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    response = client.get("/accounts/login/")
    assert "Username" in response.content.decode()


def test_login_with_right_password_goes_home(client, operator):
    response = client.post("/accounts/login/", {"username": "caozuoyuan", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "受理员" in client.get("/").content.decode()


def test_blank_form_gives_field_errors(client, db):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-field-error="username"' in body
    assert 'data-field-error="password"' in body
    assert "该字段是必填项" in body


def test_wrong_password_says_so_and_keeps_username(client, operator):
    response = client.post("/accounts/login/", {"username": "caozuoyuan", "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "用户名或密码错误" in body
    assert 'value="caozuoyuan"' in body


def test_ten_wrong_passwords_lock_the_account(client, operator):
    for _attempt in range(10):
        response = client.post("/accounts/login/", {"username": "caozuoyuan", "password": "wrong"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "已被锁定" in body
    assert f"{settings.AXES_FAILURE_LIMIT} 次" in body
    # Locked means locked: the right password does not get in either.
    response = client.post("/accounts/login/", {"username": "caozuoyuan", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_per_office(client, tree, operator):
    colleague = make_user(unit=tree["street"], roles=[RoleCode.DISPATCHER], username="paiqianyuan")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "caozuoyuan", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": colleague.username, "password": PASSWORD})
    assert response.status_code == 302


def test_logout_needs_post_and_ends_session(client, operator):
    client.force_login(operator)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_change_validates_and_audits(client, operator):
    client.force_login(operator)
    response = client.post(
        "/accounts/password/", {"old_password": "nope", "new_password1": "short", "new_password2": "other"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-field-error="old_password"' in body
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Grid-Work-2027", "new_password2": "Grid-Work-2027"},
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.check_password("Grid-Work-2027")
    from audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="user.change_password", target_id=str(operator.pk)).exists()
