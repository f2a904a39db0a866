from notifications.models import Notification


def test_inbox_shows_own_and_department_messages_only(client, world):
    Notification.objects.create(user=world.handler, verb="other", title="给我的")
    Notification.objects.create(department=world.hw, verb="assigned", title="给环卫所的")
    Notification.objects.create(department=world.sz, verb="assigned", title="给市政的")
    client.force_login(world.handler)
    body = client.get("/inbox/").content.decode()
    assert "给我的" in body and "给环卫所的" in body and "给市政的" not in body
    client.post("/inbox/read/")
    assert not Notification.objects.filter(department=world.hw, read_at__isnull=True).exists()
    assert Notification.objects.filter(department=world.sz, read_at__isnull=True).exists()
