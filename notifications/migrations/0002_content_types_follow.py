from django.db import migrations

# The models kept their tables when they moved (0001); their content types move with them, so permissions
# granted on them and the admin's history still point at the right model. Old name → new name.
MOVED = {"notification": "notification", "undeliveredevent": "queuedevent", "webhookendpoint": "webhookendpoint",
         "webhookdelivery": "webhookdelivery"}  # fmt: skip


def forwards(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for old, new in MOVED.items():
        if content_type.objects.filter(app_label="notifications", model=new).exists():
            continue  # a fresh install, or already moved: nothing to carry over
        content_type.objects.filter(app_label="cases", model=old).update(app_label="notifications", model=new)


def backwards(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for old, new in MOVED.items():
        if not content_type.objects.filter(app_label="cases", model=old).exists():
            content_type.objects.filter(app_label="notifications", model=new).update(app_label="cases", model=old)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
        ("cases", "0022_move_delivery_to_notifications"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
