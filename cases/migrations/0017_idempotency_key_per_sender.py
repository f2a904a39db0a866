# An Idempotency-Key belongs to its sender (issue 16): unique per (sender, key) instead of across everyone.
# Keys of staff reports already stored are given their reporter as sender, so a phone resending across the
# upgrade still finds its case; older citizen and Open311 keys keep the empty sender and match nothing new.

from django.db import migrations, models
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat


def staff_keys_to_their_reporter(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Case.objects.filter(idempotency_key__isnull=False, reporter__isnull=False).update(
        idempotency_sender=Concat(Value("user:"), Cast("reporter_id", CharField()))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_category_published"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="idempotency_sender",
            field=models.CharField(blank=True, default="", db_default="", editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="case",
            name="idempotency_key",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(staff_keys_to_their_reporter, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                condition=models.Q(idempotency_key__isnull=False),
                fields=("idempotency_sender", "idempotency_key"),
                name="one_case_per_sender_key",
            ),
        ),
    ]
