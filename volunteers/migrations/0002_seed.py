from django.db import migrations


def seed(apps, schema_editor):
    from volunteers.seed import seed as load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
