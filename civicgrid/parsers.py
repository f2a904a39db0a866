"""Request body parsers of the REST API (settings.REST_FRAMEWORK's DEFAULT_PARSER_CLASSES).

Its own module: DRF reads the setting while importing rest_framework.views, which civicgrid.api imports.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a body nested deeper than Python's parser goes is a 400 like any other bad JSON."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("The JSON body is nested too deeply.")) from None
