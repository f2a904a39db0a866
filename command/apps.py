from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommandConfig(AppConfig):
    name = "command"
    verbose_name = _("Command centre")

    def ready(self) -> None:
        from cases.signals import event_committed
        from command.tasks import on_event_committed

        event_committed.connect(on_event_committed, dispatch_uid="command-rollups")
