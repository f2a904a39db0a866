from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from cases.models import StageLimit, WorkflowSettings
        from civicgrid.config_cache import forget

        for model in (StageLimit, WorkflowSettings):
            post_save.connect(forget, sender=model, dispatch_uid=f"forget-{model.__name__}-save")
            post_delete.connect(forget, sender=model, dispatch_uid=f"forget-{model.__name__}-delete")
