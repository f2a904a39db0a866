from django.core.management.base import BaseCommand
from django.db import transaction

from civicgrid.personal import encrypted_fields

BATCH = 1000


class Command(BaseCommand):
    help = "Encrypt every stored ID number and phone again under the current personal-data key (after a rotation)."

    def handle(self, *args, **options):
        for model, names in encrypted_fields():
            done = 0
            last_pk = None
            while True:
                # Raw column values (not decrypted) in primary-key order, a batch per transaction.
                rows = model._base_manager.order_by("pk")
                if last_pk is not None:
                    rows = rows.filter(pk__gt=last_pk)
                batch = list(rows.values_list("pk", *names)[:BATCH])
                if not batch:
                    break
                with transaction.atomic():
                    for pk, *values in batch:
                        changed = {name: value for name, value in zip(names, values, strict=True) if value}
                        if changed:
                            # values() decrypts; saving through update() encrypts again with the current key.
                            model._base_manager.filter(pk=pk).update(**changed)
                done += len(batch)
                last_pk = batch[-1][0]
            self.stdout.write(f"{model._meta.label}: {done} rows")
        self.stdout.write(self.style.SUCCESS("Personal data re-encrypted under the current key."))
