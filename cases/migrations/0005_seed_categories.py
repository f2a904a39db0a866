from django.db import migrations


def seed(apps, schema_editor):
    from cases.catalogue import read_catalogue
    from cases.catalogue_load import load_specs

    load_specs(
        read_catalogue(),
        Category=apps.get_model("cases", "Category"),
        FilingCondition=apps.get_model("cases", "FilingCondition"),
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_stage_limits")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
