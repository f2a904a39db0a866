"""This app's figures on the command screen (collected by command.screen through civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import ScreenLayer, ScreenTile


def _at_stake(user, unit) -> str | None:
    from assessment.selectors import points_at_stake

    points = points_at_stake(path=unit.path)
    return None if points is None else f"−{points:.2f}"


TILES = [
    ScreenTile("assessment", _("Assessment points at stake"), _at_stake, url_name="assessment:score", css="tile-warn"),
]

LAYERS = [
    ScreenLayer(
        "assessment-sites", _("Check sites: green passing, orange with open deductions"), "assessment:sites_geojson"
    )
]
