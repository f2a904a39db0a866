from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicGridConfig(AppConfig):
    name = "civicgrid"
    verbose_name = _("Platform")


class AxesConfig(AxesAppConfig):
    """django-axes with a translatable name in the admin index."""

    verbose_name = _("Axes")
