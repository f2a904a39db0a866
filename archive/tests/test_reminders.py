"""Each morning an owner gets one inbox message listing their materials that are overdue or due soon."""

from datetime import timedelta

from django.utils import timezone

from archive.services import remind_owners
from notifications.models import Notification


def test_an_owner_with_late_or_soon_due_materials_gets_one_message(archive, today):
    archive.material(owner=archive.owner, due_on=today - timedelta(days=1))
    archive.material(owner=archive.owner, due_on=today + timedelta(days=2))
    archive.material(owner=archive.owner, due_on=today + timedelta(days=30))
    assert remind_owners() == 1
    message = Notification.objects.get(user=archive.owner, link__startswith="/archive/materials/?")
    assert message.body.count("\n") == 1  # two materials listed


def test_complete_materials_are_not_reminded(archive, today):
    material = archive.material(owner=archive.owner, due_on=today - timedelta(days=1))
    archive.upload(material)
    archive.complete(material)
    assert remind_owners() == 0


def test_running_the_reminder_twice_in_a_day_tells_the_owner_once(archive, today):
    archive.material(owner=archive.owner, due_on=today)
    now = timezone.now()
    assert remind_owners(now=now) == 1
    assert remind_owners(now=now) == 0


def test_the_daily_task_sends_the_reminders(archive, today):
    from archive.tasks import remind_archive_owners

    archive.material(owner=archive.owner, due_on=today - timedelta(days=1))
    remind_archive_owners.call_local()
    assert Notification.objects.filter(user=archive.owner, link="/archive/materials/?mine=1").count() == 1
