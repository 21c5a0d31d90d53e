"""A real Celery worker on the real Redis takes a report run from queued to done, file written."""

import csv
import io
import time

import pytest

from reports import services
from reports.choices import RunStatus
from tests.notifications.test_worker import worker  # noqa: F401 - the per-test queue and worker process

from .conftest import person

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("worker")]


def test_a_worker_runs_a_report_to_a_file(worker, firm, casey):  # noqa: F811
    _mail_dir, proc = worker
    for i in range(30):
        person(firm, last_name=f"Worker{i:02d}")
    run = services.run_start(firm=firm, user=casey, template="access_tracking", filters={})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.is_active:
            break
        assert proc.poll() is None, proc.stdout.read()
        time.sleep(0.25)
    if run.status != RunStatus.DONE:
        proc.terminate()
        pytest.fail(f"still {run.status} ({run.error}); worker said:\n{proc.communicate(timeout=20)[0]}")
    assert run.rows_written == 30 and run.started_at is not None
    with run.file.open("rb") as fh:
        rows = list(csv.reader(io.StringIO(fh.read().decode())))
    assert len(rows) == 31 and rows[1][1] == "Worker00"
