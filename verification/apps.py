from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "verification"
    verbose_name = _("Phone verification")

    def ready(self) -> None:
        from django.core import checks

        from verification.checks import log_sender_in_production

        checks.register(log_sender_in_production, checks.Tags.security, deploy=True)
