from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatrolsConfig(AppConfig):
    name = "patrols"
    verbose_name = _("Patrols")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from civicgrid.config_cache import forget
        from patrols.models import PatrolSettings

        post_save.connect(forget, sender=PatrolSettings, dispatch_uid="forget-PatrolSettings-save")
        post_delete.connect(forget, sender=PatrolSettings, dispatch_uid="forget-PatrolSettings-delete")
