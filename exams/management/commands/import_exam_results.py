"""`manage.py import_exam_results FILE [--dry-run]`: post exam results from a CSV file to CRD.

The format is in exams/importing.py. The file is imported whole or not at all: any bad row
rejects it with a report of every problem and a non-zero exit code."""

from django.core.management.base import BaseCommand, CommandError

from exams.importing import ImportRejected, import_results


class Command(BaseCommand):
    help = "Record exam results from a .csv file (crd_number, exam, taken_on, outcome, score), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .csv file.")
        parser.add_argument("--dry-run", action="store_true", help="Validate only; write nothing.")

    def handle(self, *args, file, dry_run, **options):
        try:
            summary = import_results(path=file, dry_run=dry_run)
        except ImportRejected as rejected:
            rows = sorted({e.row for e in rejected.errors})
            self.stderr.write(f"Rejected {file}: {len(rejected.errors)} problem(s) in {len(rows)} row(s). "
                              "Nothing was imported.")
            width = max(len(e.field) for e in rejected.errors)
            self.stderr.write(f"{'row':>5}  {'field'.ljust(width)}  problem")
            for error in rejected.errors:
                self.stderr.write(f"{error.row:>5}  {error.field.ljust(width)}  {error.message}")
            raise CommandError("Import rejected; fix the rows above and run it again.") from None
        verb = "Valid (dry run, nothing written)" if dry_run else "Imported"
        for line in summary.rows:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"{verb}: {summary.passed} passed, {summary.failed} failed.")
