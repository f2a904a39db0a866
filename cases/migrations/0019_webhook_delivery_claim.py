# Webhook deliveries are claimed by the worker sending them (issue 16): two workers never send one twice.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0018_durable_event_delivery"),
    ]

    operations = [
        migrations.AddField(
            model_name="webhookdelivery",
            name="claimed_until",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
