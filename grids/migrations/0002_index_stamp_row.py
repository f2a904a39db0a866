from django.db import migrations


def create_stamp(apps, schema_editor):
    apps.get_model("grids", "GridIndexStamp").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("grids", "0001_initial")]
    operations = [migrations.RunPython(create_stamp, migrations.RunPython.noop)]
