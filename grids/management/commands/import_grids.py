from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from grids.coords import CRS
from grids.io import GridFileError, read_features
from grids.services import GridImportRejected, grids_import


class Command(BaseCommand):
    help = "Import grids from a GeoJSON file or zipped Shapefile (all or nothing, with a row-level report)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--crs", choices=[crs.value for crs in CRS], default=CRS.WGS84.value)

    def handle(self, *args, path: Path, crs: str, **options):
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        try:
            features = read_features(path.read_bytes(), path.name)
        except GridFileError as exc:
            raise CommandError(str(exc)) from exc
        with tqdm(total=len(features), unit="grid", desc="checking", disable=options["verbosity"] == 0) as bar:

            def progress(done, total):
                bar.update(done - bar.n)

            try:
                report = grids_import(actor=None, features=features, crs=crs, progress=progress)
            except GridImportRejected as exc:
                for error in exc.report.errors:
                    self.stderr.write(f"row {error['row']} {error['code'] or '-'} {error['field']}: {error['message']}")
                raise CommandError(f"{len(exc.report.errors)} problems; nothing was imported") from exc
        self.stdout.write(self.style.SUCCESS(f"{report.created} created, {report.updated} updated"))
