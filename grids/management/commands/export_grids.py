import sys

from django.core.management.base import BaseCommand

from grids.io import stream_feature_collection
from grids.models import Grid


class Command(BaseCommand):
    help = "Export every active grid as a GeoJSON FeatureCollection (to a file or standard output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write; standard output if omitted")

    def handle(self, *args, output=None, **options):
        chunks = stream_feature_collection(Grid.objects.filter(is_active=True))
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.writelines(chunks)
        else:
            sys.stdout.writelines(chunks)
