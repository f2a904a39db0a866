"""This app's figure on the command screen (collected by command.screen through civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import ScreenTile


def _active_today(user, unit) -> int:
    from volunteers.selectors import active_today

    return active_today(path=unit.path)


def _registration_rate(user, unit) -> str | None:
    from volunteers.selectors import shared_rates

    total, _rows = shared_rates(unit=unit)
    rate = total.registration_rate
    return None if rate is None else f"{rate}% / {total.participation_rate or 0}%"


TILES = [
    ScreenTile("volunteers", _("Volunteers active today"), _active_today, url_name="volunteers:rates"),
    ScreenTile(
        "volunteer-rates", _("Volunteer registration / participation rate"), _registration_rate, "volunteers:rates"
    ),
]
