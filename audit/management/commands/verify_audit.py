from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.chain import verify_chain


class Command(BaseCommand):
    help = "Check the audit log's hash chain from its first row; name the first row that does not fit."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="rows read per query")

    def handle(self, *args, batch_size: int = 2000, **options):
        result = verify_chain(batch_size=batch_size)
        if result.first_break is not None:
            broken = result.first_break
            raise CommandError(
                _(
                    "Audit chain broken at row id %(id)s (sequence %(sequence)s): %(reason)s. %(count)s rows before it are intact."
                )
                % {
                    "id": broken.entry_id if broken.entry_id is not None else "-",
                    "sequence": broken.sequence,
                    "reason": broken.reason,
                    "count": result.verified,
                }
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Audit chain intact: %(count)s rows verified; last hash %(hash)s.")
                % {"count": result.verified, "hash": result.last_hash}
            )
        )
