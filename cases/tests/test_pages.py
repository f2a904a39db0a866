from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case
from cases.services import case_report, transition
from cases.tests.conftest import photo


def reported(world, n=1, **extra):
    lng, lat = world.point()
    return [
        case_report(source="patrol", description=f"问题{i}", lng=lng, lat=lat, actor=world.patroller, **extra)[0]
        for i in range(n)
    ]


def test_operator_queue_lists_reports_in_few_queries(client, world, django_assert_max_num_queries):
    reported(world, 35)
    client.force_login(world.operator)
    with django_assert_max_num_queries(20):
        body = client.get("/cases/?queue=intake").content.decode()
    assert body.count('href="/cases/') >= 30
    assert "待受理上报" in body


def test_case_page_offers_only_the_users_actions(client, world):
    case = reported(world)[0]
    client.force_login(world.operator)
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="action-file"' in body and 'data-testid="action-void"' in body
    assert 'data-testid="action-dispatch"' not in body
    client.force_login(world.dispatcher)
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert "您目前对该案卷无可执行的操作" in body


def test_filing_from_the_page(client, world):
    case = reported(world)[0]
    client.force_login(world.operator)
    response = client.post(
        f"/cases/{case.pk}/act/file/",
        {"file-condition": world.condition.pk, "file-note": "", "file-version": case.version},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "filed" and case.category == world.category


def test_missing_reason_is_a_chinese_field_error_and_keeps_nothing_else_lost(client, world):
    case = reported(world)[0]
    case = transition(
        case=case, action="file", actor=world.operator, category=world.category, condition=world.condition
    )
    case = transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw)
    client.force_login(world.handler)
    response = client.post(f"/cases/{case.pk}/act/return_/", {"return_-reason": "  ", "return_-version": case.version})
    assert response.status_code == 400
    assert "该字段是必填项" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "dispatched"


def test_stale_page_is_told_the_case_changed(client, world):
    case = reported(world)[0]
    client.force_login(world.operator)
    transition(case=case, action="void", actor=world.shift_lead, reason="无效")
    response = client.post(
        f"/cases/{case.pk}/act/file/", {"file-condition": world.condition.pk, "file-version": 1}, follow=True
    )
    assert "该案卷当前不能执行此操作" in response.content.decode()


def test_dispose_with_a_non_image_is_refused_with_the_file_named(client, world):
    case = reported(world)[0]
    case = transition(
        case=case, action="file", actor=world.operator, category=world.category, condition=world.condition
    )
    case = transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw)
    case = transition(case=case, action="accept", actor=world.handler)
    client.force_login(world.handler)
    fake = SimpleUploadedFile("after.jpg", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(
        f"/cases/{case.pk}/act/dispose/",
        {"dispose-feedback": "已清理干净", "dispose-photos_after": [fake], "dispose-version": case.version},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "after.jpg" in body and "已清理干净" in body
    good = client.post(
        f"/cases/{case.pk}/act/dispose/",
        {"dispose-feedback": "已清理", "dispose-photos_after": [photo()], "dispose-version": case.version},
    )
    assert good.status_code == 302


def test_report_form_outside_the_area_keeps_the_text(client, world):
    client.force_login(world.patroller)
    response = client.post(
        "/cases/new/",
        {"description": "路灯不亮", "lng": 116.5, "lat": 36.5, "source": "patrol", "idempotency_key": "k1"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "该位置不在服务区域内" in body and "路灯不亮" in body
    assert not Case.objects.exists()


def test_report_form_twice_with_one_key_makes_one_case(client, world):
    client.force_login(world.patroller)
    lng, lat = world.point()
    data = {"description": "井盖缺失", "lng": lng, "lat": lat, "source": "patrol", "idempotency_key": "same-key"}
    first = client.post("/cases/new/", data)
    second = client.post("/cases/new/", data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Case.objects.count() == 1


def test_neighbour_patroller_gets_404(client, world):
    case = reported(world)[0]
    client.force_login(world.patroller2)
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_saved_filters_are_per_user(client, world):
    client.force_login(world.operator)
    response = client.post(
        "/cases/filters/", {"name": "今天的热线", "queue": "intake", "source": "hotline", "page": "3"}
    )
    assert (
        response.status_code == 302 and "source=hotline" in response["Location"] and "page" not in response["Location"]
    )
    body = client.get("/cases/?queue=intake").content.decode()
    assert "今天的热线" in body
    client.force_login(world.dispatcher)
    assert "今天的热线" not in client.get("/cases/?queue=dispatch").content.decode()


def test_list_query_count_does_not_grow_with_page_size(client, world, django_assert_max_num_queries):
    from cases import views

    reported(world, 40)
    client.force_login(world.operator)
    for size in (5, 40):
        views.LIST_PAGE_SIZE = size
        try:
            with django_assert_max_num_queries(20):
                client.get("/cases/?queue=intake&sort=due_at")
        finally:
            views.LIST_PAGE_SIZE = 30


def test_lists_sort_by_deadline_and_show_working_time_left(client, world):

    lng, lat = world.point()
    for minute in (10, 5):
        case_report(source="patrol", description=f"问题{minute}", lng=lng, lat=lat, actor=world.patroller)
    client.force_login(world.operator)
    body = client.get("/cases/?queue=intake&sort=-due_at").content.decode()
    assert "bi-caret-down-fill" in body
    assert client.get("/cases/?queue=intake&sort=bogus").status_code == 200
