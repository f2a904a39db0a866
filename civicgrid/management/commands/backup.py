from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicgrid.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one checked archive, while the app runs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", default=None, help="folder for the archive (default: <CIVICGRID_DATA_DIR>/backups)"
        )

    def handle(self, *args, output: str | None = None, **options):
        try:
            archive = create_backup(output_dir=Path(output) if output else Path(settings.DATA_DIR) / "backups")
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(_("Backup written: %(path)s") % {"path": archive}))
