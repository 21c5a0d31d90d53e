"""manage.py import_iar_ce_credits FILE: IAR CE completions reported by providers, from CSV or JSON.

Every row is validated; when any row is wrong the whole file is rejected with a report of each
bad row. Rows already reported are counted and skipped (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from ce.iar_services import credits_import, rows_from_file


class Command(BaseCommand):
    help = "Import IAR CE completions (CSV or JSON: provider_number, course_code, crd_number, completed_on)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            rows = rows_from_file(file)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        report = credits_import(rows=rows)
        if not report.ok:
            lines = [f"Rejected {file}: {len(report.errors)} of {report.rows} rows are wrong; nothing was imported."]
            for number, errors in report.errors:
                lines.append(f"  row {number}: " + "; ".join(f"{k}: {v}" for k, v in errors.items()))
            raise CommandError("\n".join(lines))
        self.stdout.write(f"Imported {report.recorded} completions from {file} "
                          f"({report.already} already reported, {report.rows} rows).")
