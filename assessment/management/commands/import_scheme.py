from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.models import SchemeKind
from assessment.services import SchemeImportError, scheme_import


class Command(BaseCommand):
    help = "Import an assessment scheme from an Excel workbook (the export format) as a new draft version."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", choices=SchemeKind.values, default=SchemeKind.CIVILIZATION)
        parser.add_argument("--name", required=True, help="scheme name; an existing name gets its next version")

    def handle(self, *args, **options):
        try:
            data = Path(options["file"]).read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            scheme = scheme_import(actor=None, kind=options["kind"], name=options["name"], data=data)
        except SchemeImportError as exc:
            for row in exc.rows:
                self.stderr.write(f"{row.sheet} row {row.row} {row.column}: {row.message}")
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {scheme} as a draft: {scheme.items.count()} items."))
