# Durable delivery of committed case events (issue 16): the queue table written with each event, and inbox rows
# tied to their event, once per recipient.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_department_leader"),
        ("cases", "0017_idempotency_key_per_sender"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="UndeliveredEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("queued_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "undelivered case event",
                "verbose_name_plural": "undelivered case events",
            },
        ),
        migrations.AddField(
            model_name="notification",
            name="event",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cases.caseevent",
            ),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                condition=models.Q(("event__isnull", False), ("user__isnull", False)),
                fields=("event", "user"),
                name="notification_once_per_event_user",
            ),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                condition=models.Q(("department__isnull", False), ("event__isnull", False)),
                fields=("event", "department"),
                name="notification_once_per_event_dept",
            ),
        ),
        migrations.AddField(
            model_name="undeliveredevent",
            name="event",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.caseevent"
            ),
        ),
    ]
