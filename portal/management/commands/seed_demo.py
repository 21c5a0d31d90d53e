"""`manage.py seed_demo [--reps N] [--batch-size B]`: fictitious demo data and personas.

Without options: the demo firms, people with full CRD records and the persona accounts, then
`seed(demo)` of accounts, identity, crd and firmsettings demo modules. Running it again
changes nothing. `--reps N` adds N more reps with bulk inserts for scale runs.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal import demo as demo_data
from portal import faq
from portal.demo_scale import DEFAULT_BATCH, seed_scale


class Command(BaseCommand):
    help = "Create deterministic, fictitious demo data and print the personas to sign in as."

    def add_arguments(self, parser):
        parser.add_argument("--reps", type=int, default=0, help="Also create N reps with bulk inserts (scale runs).")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, help="Reps per bulk batch.")
        parser.add_argument("--force", action="store_true",
                            help="Run even with DEBUG off (the demo accounts share a published password).")

    def handle(self, *args, reps, batch_size, force, **options):
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or force):
            raise CommandError("seed_demo creates accounts whose password is published in the README; it runs only "
                               "with DEBUG on, or with --force on a server that is a demo.")
        if reps < 0 or batch_size < 1:
            raise CommandError("--reps must be 0 or more and --batch-size at least 1.")
        started = time.monotonic()
        with transaction.atomic():
            demo = demo_data.seed_core()
            ran = demo_data.run_app_seeders(demo)
            faq.load()  # the help center's FAQ and announcements (also loaded by a migration)
        self.stdout.write(f"Core demo data ready ({len(demo.firms)} firms, {len(demo.people)} personas); "
                          f"app seeders run: {', '.join(ran) or 'none'}.")
        if reps:
            result = seed_scale(demo=demo, reps=reps, batch_size=batch_size, progress=self._progress)
            self.stdout.write(
                f"Scale data: {result.reps} reps created ({result.skipped} already present), {result.rows} rows "
                f"in {result.batches} batches, {result.seconds:.1f} s ({result.reps / max(result.seconds, 1e-9):.0f} "
                "reps/s)."
            )
        self.stdout.write(f"Elapsed: {time.monotonic() - started:.1f} s.\n")
        self.stdout.write("Demo personas (all data fictitious; sign in at /accounts/login/):")
        self.stdout.write(demo_data.personas_table(demo))

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(f"  {done}/{total} reps written")
