from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# Each app that has demo data adds its loader here, in dependency order.
DEMO_LOADERS = [
    "accounts.demo.load",
    "grids.demo.load",
    "cases.demo.load",
    "open311.demo.load",
    "patrols.demo.load",
    "command.demo.load",
    "assessment.demo.load",
    "archive.demo.load",
    "elections.demo.load",
    "surveys.demo.load",
    "projects.demo.load",
    "pledges.demo.load",
    "articles.demo.load",
    "volunteers.demo.load",
]
# Cases walk the real workflow and take a while; tests that need only the organisation skip them.
CASE_LOADERS = [
    "cases.demo.load_cases",
    "assessment.demo.load_checks",
    "projects.demo.load_case_links",
    "command.demo.load_rollups",
]


class Command(BaseCommand):
    help = "Load the demo subdistrict (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--without-cases", action="store_true", help="only the organisation, grids and catalogue")

    def handle(self, *args, **options):
        loaders = DEMO_LOADERS + ([] if options["without_cases"] else CASE_LOADERS)
        with transaction.atomic():
            for path in loaders:
                created = import_string(path)(stdout=self.stdout)
                summary = ", ".join(f"{key} +{value}" for key, value in created.items())
                self.stdout.write(f"{path.rsplit('.', 2)[0]}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
