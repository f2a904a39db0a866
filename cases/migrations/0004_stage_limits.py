from decimal import Decimal

from django.db import migrations

# Stage limits besides disposal (which each filing condition sets). One implementation's values
# (see shared/reference/case_categories.README.md, "Case lifecycle stages"), editable in the admin.
LIMITS = [
    ("filing", Decimal("1"), "work_hour"),
    ("dispatch", Decimal("1"), "work_hour"),
    ("verification", Decimal("4"), "work_hour"),
    ("closing", Decimal("2"), "work_hour"),
]


def seed(apps, schema_editor):
    StageLimit = apps.get_model("cases", "StageLimit")
    for stage, amount, unit in LIMITS:
        StageLimit.objects.get_or_create(stage=stage, defaults={"amount": amount, "unit": unit})
    WorkflowSettings = apps.get_model("cases", "WorkflowSettings")
    if not WorkflowSettings.objects.exists():
        WorkflowSettings.objects.create()


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_case_engine")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
