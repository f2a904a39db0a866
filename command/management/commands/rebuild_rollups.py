from django.core.management.base import BaseCommand

from command import rollup


class Command(BaseCommand):
    help = "Recompute the KPI rollups from the case events (after moving org units, or to check them)."

    def add_arguments(self, parser):
        parser.add_argument("--catch-up", action="store_true", help="only apply events not yet counted")

    def handle(self, *args, **options):
        applied = rollup.apply_pending() if options["catch_up"] else rollup.rebuild()
        self.stdout.write(self.style.SUCCESS(f"{applied} events applied."))
