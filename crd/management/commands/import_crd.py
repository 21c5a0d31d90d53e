"""`manage.py import_crd FILE [--dry-run]`: load individuals and their records from CSV or JSON.

The file format is documented in crd/importing.py. The file is imported whole or not at all:
any bad row rejects it with a report of every problem and a non-zero exit code.
"""

from django.core.management.base import BaseCommand, CommandError

from crd.importing import ImportRejected, import_file, mask_ssns


class Command(BaseCommand):
    help = "Import individuals and their CRD records from a .csv or .json file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .csv or .json file.")
        parser.add_argument("--dry-run", action="store_true", help="Validate only; write nothing.")

    def handle(self, *args, file, dry_run, **options):
        try:
            summary = import_file(path=file, dry_run=dry_run)
        except ImportRejected as rejected:
            rows = sorted({e.row for e in rejected.errors})
            self.stderr.write(f"Rejected {file}: {len(rejected.errors)} problem(s) in {len(rows)} row(s). "
                              "Nothing was imported.")
            width = max(len(e.field) for e in rejected.errors)
            self.stderr.write(f"{'row':>5}  {'field'.ljust(width)}  problem")
            for error in rejected.errors:
                self.stderr.write(mask_ssns(f"{error.row:>5}  {error.field.ljust(width)}  {error.message}"))
            raise CommandError("Import rejected; fix the rows above and run it again.") from None
        records = ", ".join(f"{n} {section}" for section, n in summary.counts.items() if n)
        verb = "Valid (dry run, nothing written)" if dry_run else "Imported"
        self.stdout.write(f"{verb}: {summary.individuals} individual(s)" + (f" with {records}." if records else "."))
