"""Re-encrypt every stored SSN under the first key of FIELD_ENCRYPTION_KEYS.

Rotation: put the new key first in FIELD_ENCRYPTION_KEYS (old keys after it), deploy,
run this command, then drop the old keys. The blind index has its own key and does not change.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from crd.models import Individual
from finpro import encryption

BATCH = 2000


class Command(BaseCommand):
    help = "Re-encrypt stored SSNs with the current primary field encryption key."

    def handle(self, *args, **options):
        rotated = 0
        last_pk = 0
        while True:
            with transaction.atomic():
                batch = list(
                    Individual.objects.select_for_update()
                    .filter(pk__gt=last_pk)
                    .exclude(ssn_ciphertext="")
                    .order_by("pk")
                    .only("pk", "ssn_ciphertext")[:BATCH]
                )
                if not batch:
                    break
                for person in batch:
                    person.ssn_ciphertext = encryption.rotate(person.ssn_ciphertext)
                Individual.objects.bulk_update(batch, ["ssn_ciphertext"])
            rotated += len(batch)
            last_pk = batch[-1].pk
        self.stdout.write(f"Re-encrypted {rotated} SSNs.")
