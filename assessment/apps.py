from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from assessment.tasks import on_event_committed
        from cases.signals import event_committed

        event_committed.connect(on_event_committed, dispatch_uid="assessment-deductions")
