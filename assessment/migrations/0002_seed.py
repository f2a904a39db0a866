from django.db import migrations


def seed(apps, schema_editor):
    from assessment.seed import seed as load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial"), ("cases", "0014_case_lights_from_clock")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
