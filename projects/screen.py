"""This app's figures on the command screen (collected by command.screen through civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import ScreenLayer, ScreenTile


def _late(user, unit) -> int:
    from projects.selectors import late_milestone_count

    return late_milestone_count(path=unit.path)


TILES = [
    ScreenTile("projects-late", _("Late project milestones"), _late, url_name="projects:late", css="tile-warn"),
]

LAYERS = [ScreenLayer("projects", _("Projects: blue on schedule, red with late milestones"), "projects:geojson")]
