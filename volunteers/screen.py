"""This app's figure on the command screen (collected by command.screen through civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import ScreenTile


def _active_today(user, unit) -> int:
    from volunteers.selectors import active_today

    return active_today(path=unit.path)


TILES = [ScreenTile("volunteers", _("Volunteers active today"), _active_today, url_name="volunteers:rates")]
