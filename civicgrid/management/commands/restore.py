from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicgrid.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty instance (stop the app first), checking every file first."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .tar.gz written by `manage.py backup`")
        parser.add_argument("--force", action="store_true", help="overwrite a database that already has data")

    def handle(self, *args, path: str, force: bool = False, **options):
        try:
            manifest = restore_backup(archive=Path(path), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored the backup of %(created_at)s (version %(version)s, %(files)s files). Run `manage.py migrate` if this version is newer."
                )
                % {
                    "created_at": manifest["created_at"],
                    "version": manifest["app_version"],
                    "files": len(manifest["files"]),
                }
            )
        )
