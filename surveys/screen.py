"""This app's figures on the command screen (collected by command.screen through civicgrid.plugins): the three
rates of the newest survey in the unit's area."""

from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import ScreenTile


def _rate(key: str):
    def value(user, unit) -> str | None:
        from surveys.selectors import screen_rates

        found = screen_rates(path=unit.path)
        if found is None:
            return None
        rate = found["rates"][key].value
        return None if rate is None else f"{rate:.1f}%"

    return value


TILES = [
    ScreenTile("survey-awareness", _("Awareness rate (知晓率)"), _rate("awareness"), url_name="surveys:list"),
    ScreenTile("survey-support", _("Support rate (支持率)"), _rate("support"), url_name="surveys:list"),
    ScreenTile("survey-satisfaction", _("Satisfaction (满意度)"), _rate("satisfaction"), url_name="surveys:list"),
]
