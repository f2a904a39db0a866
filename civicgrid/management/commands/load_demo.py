from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# Each app that has demo data adds its loader here, in dependency order.
DEMO_LOADERS = [
    "accounts.demo.load",
    "grids.demo.load",
    "cases.demo.load",
]


class Command(BaseCommand):
    help = "Load the demo subdistrict (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for path in DEMO_LOADERS:
                created = import_string(path)(stdout=self.stdout)
                summary = ", ".join(f"{key} +{value}" for key, value in created.items())
                self.stdout.write(f"{path.rsplit('.', 2)[0]}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
