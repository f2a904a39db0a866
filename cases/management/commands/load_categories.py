from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.catalogue import CATALOGUE_CSV, CatalogueError, read_catalogue
from cases.catalogue_load import load_specs
from cases.models import Category, FilingCondition


class Command(BaseCommand):
    help = "Load the 部件/事件 category catalogue from CSV (adds missing classes, keeps edited ones)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=CATALOGUE_CSV)

    def handle(self, *args, path: Path, **options):
        try:
            specs = read_catalogue(path)
        except (CatalogueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        with transaction.atomic():
            created, kept = load_specs(specs, Category=Category, FilingCondition=FilingCondition)
        self.stdout.write(self.style.SUCCESS(f"{created} categories added, {kept} already present"))
