from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicGridConfig(AppConfig):
    name = "civicgrid"
    verbose_name = _("Platform")
