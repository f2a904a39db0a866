# The deadline lights follow from the clock: the case carries its running stage's warn_at beside due_at, and the
# sweep no longer marks cases (is_overdue, warned) at all.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_trim_redundant_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="warn_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="deadline warning at"),
        ),
        migrations.RunSQL(
            """
            UPDATE cases_case SET warn_at = (SELECT s.warn_at FROM cases_casestage s WHERE s.id = cases_case.open_stage_id)
            WHERE open_stage_id IS NOT NULL
            """,
            migrations.RunSQL.noop,
        ),
        migrations.RemoveField(model_name="case", name="is_overdue"),
        migrations.RemoveField(model_name="case", name="warned"),
    ]
