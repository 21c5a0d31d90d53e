"""`make bench` section "exports": the roster CSV against PostgreSQL's own COPY (issue 16, point 4).

For the firm with the most people in the bench database, the roster CSV is produced by the
view's own code (firmsettings.selectors.roster_export + views.roster_export_rows + csv.writer
into a sink) and compared with `COPY (<the same SELECT>) TO STDOUT (FORMAT csv)` run in the
same process on the same data: budget ≤ 1.5 × COPY, a constant number of queries. Best of
three rounds each (the machine is shared). Run at --reps 100000 for the issue's 100,000 rows."""

from __future__ import annotations

import csv
import time

EXPORT_MAX_RATIO = 1.5
ROUNDS = 3


class _Sink:
    """Counts what csv.writer writes, like the streamed response, without keeping it."""

    size = 0

    def write(self, text):
        self.size += len(text)
        return len(text)


def _csv_seconds(firm) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from firmsettings.selectors import roster_export
    from firmsettings.views import roster_export_rows

    sink = _Sink()
    writer = csv.writer(sink)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        rows = sum(1 for row in roster_export_rows(roster_export(firm=firm)) if writer.writerow(row) is not None)
    return time.perf_counter() - started, rows - 1, len(ctx.captured_queries)


def _copy_seconds(firm) -> tuple[float, int]:
    from django.db import connection

    from firmsettings.selectors import roster_export_queryset

    sql, params = roster_export_queryset(firm=firm).query.sql_with_params()
    connection.ensure_connection()
    started = time.perf_counter()
    size = 0
    with connection.connection.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy:
        for block in copy:
            size += len(block)
    return time.perf_counter() - started, size


def run(ctx) -> None:
    from django.db import connection
    from django.db.models import Count

    from crd.models import Firm

    out = ctx.out
    if connection.vendor != "postgresql":
        out("Exports: PostgreSQL only (COPY); skipped.")
        return
    firm = Firm.objects.annotate(n=Count("associations")).order_by("-n").first()
    # A fresh Firm each round, as in a request: its settings row is read once (roster's own read).
    csv_runs = [_csv_seconds(Firm.objects.get(pk=firm.pk)) for _ in range(ROUNDS)]
    copy_runs = [_copy_seconds(Firm.objects.get(pk=firm.pk)) for _ in range(ROUNDS)]
    csv_best = min(r[0] for r in csv_runs)
    copy_best = min(r[0] for r in copy_runs)
    rows, queries = csv_runs[0][1], {r[2] for r in csv_runs}
    ratio = csv_best / copy_best if copy_best else float("inf")
    ok = ratio <= EXPORT_MAX_RATIO and queries == {2}
    csv_rounds = ", ".join(f"{r[0]:.2f}" for r in csv_runs)
    copy_rounds = ", ".join(f"{r[0]:.2f}" for r in copy_runs)
    out(f"Exports (firm {firm.crd_number}, {rows:,} people; best of {ROUNDS}; rounds CSV {csv_rounds} s, "
        f"COPY {copy_rounds} s; queries: the firm's settings row and the one SELECT)")
    out(f"  {'Roster CSV (the view code)':40s} {csv_best:8.2f} s   COPY {copy_best:6.2f} s   {ratio:5.2f}×   "
        f"{f'≤ {EXPORT_MAX_RATIO} × COPY':14s} {'PASS' if ok else 'FAIL'}   queries {', '.join(map(str, queries))}")
