"""`make bench` section "report_export": a 100,000-row FinPro Access Tracking report, timed from the
task's start, beside PostgreSQL's own COPY (SELECT …) TO STDOUT of the same rows in the same run.

Budget (docs: DESIGN.md "Budgets"): ready in ≤ 2 s and ≤ 1.5 × COPY, ≤ 25 MB memory growth, a
query count that does not depend on the number of rows. The section seeds its own firm the first
time (BENCH_REPORT_ROWS people with a FinPro account, default 100,000; CRD# 9,000,001 on) so the
figure does not depend on --reps. The run is executed in this process exactly as the Celery task
does it (reports.services.run_execute); memory is measured with tracemalloc in a separate round,
since tracing slows Python down.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
import tracemalloc

BENCH_FIRM_CRD = 9_999_001
CRD_BASE = 9_000_000
BATCH = 10_000
ROUNDS = 3
BUDGET_SECONDS = 2.0
BUDGET_RATIO = 1.5
BUDGET_MB = 25.0


def _ensure_data(rows: int, out) -> object:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from crd.choices import AssociationKind, AttestationAnswer
    from crd.models import Association, Attestation, Firm, Individual

    firm, _ = Firm.objects.get_or_create(crd_number=BENCH_FIRM_CRD, defaults={"name": "Bench Report Securities"})
    have = Association.objects.filter(firm=firm).count()
    if have >= rows:
        return firm
    out(f"  seeding {rows - have:,} people with accounts for the report (first run only) …")
    now = timezone.now()
    for start in range(have, rows, BATCH):
        numbers = range(CRD_BASE + 1 + start, CRD_BASE + 1 + min(rows, start + BATCH))
        with transaction.atomic():
            people = Individual.objects.bulk_create([
                Individual(crd_number=n, first_name=f"First{n % 997}", last_name=f"Last{n % 4999:04d}",
                           has_no_ssn=True, date_of_birth=dt.date(1980, 1 + n % 12, 1 + n % 28),
                           address_line1="1 Bench Street", city="New York", state="NY", postal_code="10001")
                for n in numbers])
            Association.objects.bulk_create([
                Association(individual=p, firm=firm, start_date=dt.date(2020, 1, 1),
                            kind=AssociationKind.INDEPENDENT_CONTRACTOR if p.crd_number % 5 == 0
                            else AssociationKind.EMPLOYEE) for p in people])
            User.objects.bulk_create([
                User(username=f"bench{p.crd_number}", individual=p, password="!", email="",
                     last_access_at=now - dt.timedelta(minutes=p.crd_number % 50_000)) for p in people])
            Attestation.objects.bulk_create([
                Attestation(individual=p, firm=firm, association_kind=AssociationKind.EMPLOYEE,
                            answer=AttestationAnswer.CORRECT, attested_at=now - dt.timedelta(days=p.crd_number % 300))
                for p in people if p.crd_number % 3])
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would gather them
        for table in ("crd_individual", "crd_association", "accounts_user", "crd_attestation"):
            cursor.execute(f"ANALYZE {table}")
    return firm


def _execute(firm, filters=None, file_format="csv"):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import services
    from reports.models import ReportRun

    run = ReportRun.objects.create(firm=firm, requested_by=None, template="access_tracking", filters=filters or {},
                                   file_format=file_format)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        done = services.run_execute(run_id=run.pk)
        seconds = time.perf_counter() - started
    if done is None or done.status != "done":
        from .run import BenchError

        raise BenchError(f"the report run ended {getattr(done, 'status', None)}: {getattr(done, 'error', '')}")
    return done, seconds, len(queries.captured_queries)


def _cleanup(run) -> None:
    if run.file:
        run.file.storage.delete(run.file.name)
    run.delete()


def _copy_seconds(firm) -> tuple[float, int]:
    """PostgreSQL's own COPY of the same query (the same columns, filters and order) to a file."""
    import psycopg
    from django.db import connection

    from reports import catalog

    queryset = catalog.get("access_tracking").query(firm=firm, filters=catalog.Filters())
    sql, params = queryset.query.sql_with_params()
    connection.ensure_connection()
    raw = connection.connection
    inlined = psycopg.ClientCursor(raw).mogrify(sql, params)
    size = 0
    with tempfile.TemporaryFile() as fh:
        started = time.perf_counter()
        with raw.cursor() as cursor, cursor.copy(f"COPY ({inlined}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
            for chunk in copy:
                fh.write(chunk)
                size += len(chunk)
        seconds = time.perf_counter() - started
    return seconds, size


def run(ctx) -> None:
    from django.db import connection

    out = ctx.out
    out("Report export (FinPro Access Tracking, CSV, reports.services.run_execute):")
    if connection.vendor != "postgresql":
        from .run import BenchError

        raise BenchError("the report export bench needs PostgreSQL (for COPY)")
    rows = int(os.environ.get("BENCH_REPORT_ROWS", "100000"))
    firm = _ensure_data(rows, out)
    _execute(firm)  # warm: plans, imports, the storage folder

    times, copies, queries = [], [], None
    for _ in range(ROUNDS):
        done, seconds, queries = _execute(firm)
        times.append(seconds)
        written = done.rows_written
        _cleanup(done)
        copies.append(_copy_seconds(firm)[0])
    small, _seconds, small_queries = _execute(firm, filters={"association_type": "contractor"})
    small_rows = small.rows_written
    _cleanup(small)

    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    traced, _s, _q = _execute(firm)
    growth_mb = (tracemalloc.get_traced_memory()[1] - base) / 1e6
    tracemalloc.stop()
    _cleanup(traced)

    xlsx, xlsx_seconds, _q = _execute(firm, file_format="xlsx")
    _cleanup(xlsx)

    best, copy_best = min(times), min(copies)
    spread = (max(times) - min(times)) / best if best else 0
    ratio = best / copy_best if copy_best else float("inf")
    ok = best <= BUDGET_SECONDS and ratio <= BUDGET_RATIO and growth_mb <= BUDGET_MB and queries == small_queries
    out(f"  rows written           {written:>10,}")
    out(f"  report CSV, best of {ROUNDS}   {best:>8.2f} s  (spread {spread:.0%}; budget ≤ {BUDGET_SECONDS:.1f} s)")
    out(f"  PostgreSQL COPY        {copy_best:>8.2f} s  (same query, same run)")
    out(f"  ratio report / COPY    {ratio:>8.2f} ×  (budget ≤ {BUDGET_RATIO} ×)")
    out(f"  memory growth          {growth_mb:>8.1f} MB (tracemalloc peak; budget ≤ {BUDGET_MB:.0f} MB)")
    out(f"  queries                {queries:>8d}    ({small_queries} for {small_rows:,} rows: "
        f"{'independent of rows' if queries == small_queries else 'GROWS WITH ROWS'})")
    out(f"  report XLSX (info)     {xlsx_seconds:>8.2f} s  (xlsxwriter constant_memory; no budget)")
    out(f"  report budget: {'met' if ok else 'NOT MET'}; median {statistics.median(times):.2f} s")
