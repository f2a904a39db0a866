"""Load the work calendar: `load_holidays holidays_2027.csv` or `load_holidays --from-package`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.calendar_import import (
    CalendarImportError,
    calendar_import,
    calendar_rows_from_csv,
    calendar_rows_from_package,
)


class Command(BaseCommand):
    help = (
        "Import holidays (off) and make-up working days (workday) from CSV files with the columns "
        "date,kind,holiday,source, or re-seed from the chinese-calendar package. Every row is checked first; "
        "on any error nothing is imported. The years present are marked published."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="CSV files (UTF-8), e.g. holidays_2027.csv")
        parser.add_argument("--from-package", action="store_true", help="Re-seed every year chinese-calendar knows.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the stored days of the years present before importing (default: add and update days).",
        )

    def handle(self, *args, paths, from_package, replace, **options):
        if bool(paths) == from_package:
            raise CommandError("Give one or more CSV files, or --from-package.")
        if from_package:
            rows = calendar_rows_from_package()
        else:
            rows, errors = [], []
            for path in paths:
                try:
                    with Path(path).open(encoding="utf-8-sig", newline="") as lines:
                        rows += calendar_rows_from_csv(lines)
                except CalendarImportError as error:
                    errors += [f"{path}: {message}" for message in error.errors]
                except (OSError, UnicodeDecodeError) as error:
                    errors.append(f"{path}: {error}")
            seen: dict = {}
            for row in rows:
                if row.date in seen and seen[row.date] != row:
                    errors.append(f"{row.date} appears in more than one file with different data.")
                seen[row.date] = row
            if errors:
                raise CommandError("Nothing was imported:\n" + "\n".join(errors))
            rows = list(seen.values())
        per_year = calendar_import(actor=None, rows=rows, replace=replace)
        for year, count in per_year.items():
            self.stdout.write(f"{year}: {count} days loaded, year marked published")
