"""`make bench` section "fanout": the CE due-date reminder fan-out to a real SMTP server.

N people (100,000 by default, `--fanout-people`) of one bench firm are due a reminder today.
The fan-out runs as in production — `ce.reminders.reminders_fan_out` enqueues chunk tasks on
Redis, real Celery workers send each chunk over one SMTP connection — to `bench.smtp_sink`, an
aiosmtpd server in its own process that counts what it accepts. Midway one worker is killed
(SIGKILL, no warm shutdown) and a fresh one started; once the queue is empty and the dead
worker's lease is over, the fan-out's catch-up run (the same task, as beat runs it again later
in the morning) finishes what the dead worker left. Printed: tasks used, seconds, emails per
second, and the sink's count against the rows — nothing lost, nothing doubled.
Budget (issue 12): ≤ 200 tasks, ≤ 60 s.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

MAX_TASKS = 200
MAX_SECONDS = 60.0
FANOUT_CRD_BASE = 9_000_000
FANOUT_FIRM_CRD = 899_001
LEASE_SECONDS = 10  # the workers' NOTIFICATION_BATCH_LEASE in this run
BASE_DIR = Path(__file__).resolve().parent.parent


def _bench():
    from . import run

    return run


def seed(people: int, out) -> tuple[int, int]:
    """The bench firm, its people (with accounts and this year's CE plan) and its settings:
    written once with bulk inserts; a rerun adds only who is missing. Returns (firm id, plans)."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from ce.choices import PlanStatus
    from ce.models import CEYear, LearningPlan
    from crd.choices import AssociationKind
    from crd.models import Association, Firm, Individual
    from firmsettings.models import FirmSettings

    today = timezone.localdate()
    year, _ = CEYear.objects.get_or_create(year=today.year)
    firm, _ = Firm.objects.get_or_create(crd_number=FANOUT_FIRM_CRD, defaults={"name": "Fan-out Bench Securities"})
    have = Individual.objects.filter(crd_number__gt=FANOUT_CRD_BASE,
                                     crd_number__lte=FANOUT_CRD_BASE + people).count()
    if have < people:
        out(f"  seeding {people - have:,} fan-out people (first run only) …")
        existing = set(Individual.objects.filter(crd_number__gt=FANOUT_CRD_BASE, crd_number__lte=FANOUT_CRD_BASE
                                                 + people).values_list("crd_number", flat=True))
        missing = [n for n in range(FANOUT_CRD_BASE + 1, FANOUT_CRD_BASE + people + 1) if n not in existing]
        start = today - dt.timedelta(days=400)
        for i in range(0, len(missing), 5000):
            batch = missing[i:i + 5000]
            with transaction.atomic():
                persons = Individual.objects.bulk_create([
                    Individual(crd_number=n, first_name="Fan", last_name=f"Out{n - FANOUT_CRD_BASE}",
                               date_of_birth=dt.date(1980, 1, 1), address_line1="1 Bench Street", city="Albany",
                               state="NY", postal_code="12207", country="US", has_no_ssn=True)
                    for n in batch])
                Association.objects.bulk_create([
                    Association(individual=p, firm=firm, kind=AssociationKind.EMPLOYEE, start_date=start)
                    for p in persons])
                User.objects.bulk_create([
                    User(username=f"fanout{p.crd_number - FANOUT_CRD_BASE}", password="!", individual=p,
                         email=f"fanout{p.crd_number - FANOUT_CRD_BASE}@bench.invalid") for p in persons])
                LearningPlan.objects.bulk_create([
                    LearningPlan(individual=p, ce_year=year, status=PlanStatus.CE_REQUIRED) for p in persons])
    due = dt.date(today.year, 12, 31)
    FirmSettings.objects.update_or_create(firm=firm, defaults={
        "ce_reminders_enabled": True, "ce_firm_due_date": None, "ce_reminder_days": [(due - today).days],
        "ce_copy_to_email": ""})
    plans = LearningPlan.objects.filter(ce_year=year, individual__crd_number__gt=FANOUT_CRD_BASE,
                                        individual__crd_number__lte=FANOUT_CRD_BASE + people).count()
    return firm.pk, plans


def reset(firm_id: int) -> None:
    """Forget the reminders of an earlier run, so this one sends them all again."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ce_cenotice WHERE kind LIKE 'reminder_%%' AND individual_id IN "
                       "(SELECT individual_id FROM crd_association WHERE firm_id = %s)", [firm_id])
        cursor.execute("DELETE FROM notifications_notification WHERE firm_id = %s AND kind = 'ce_reminder'",
                       [firm_id])


def _stats(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {"received": 0, "distinct": 0}


def _python(env, *args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], env=env, cwd=BASE_DIR, **kwargs)  # noqa: S603 (our argv)


TASK_LINE = re.compile(
    r"Task (ce\.tasks\.send_reminders?(?:_chunk)?)\[([0-9a-f-]+)\] (received|succeeded in [0-9.]+s: (\d+))")


class Worker:
    """One Celery worker process (solo pool) with its own unbuffered log, read to know what it did."""

    def __init__(self, env, name: str):
        self.log = _bench().VAR_DIR / f"fanout-{name}.log"
        self.proc = _python({**env, "PYTHONUNBUFFERED": "1"}, "-m", "celery", "-A", "finpro", "worker", "-P", "solo",
                            "-n", f"{name}@bench", "--without-mingle", "--without-gossip", "--without-heartbeat",
                            "--loglevel", "INFO", stdout=self.log.open("w"), stderr=subprocess.STDOUT)

    def tasks(self) -> tuple[set[str], dict[str, tuple[str, int]]]:
        """(ids received, {id: (task name, result)} of those finished)."""
        received, finished = set(), {}
        for name, task_id, what, result in TASK_LINE.findall(self.log.read_text(errors="replace")):
            if what == "received":
                received.add(task_id)
            else:
                finished[task_id] = (name, int(result))
        return received, finished

    def busy(self) -> bool:
        received, finished = self.tasks()
        return bool(received - set(finished))

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _client(env):
    """A Celery client on the bench's Redis, outside Django (whose settings here are eager)."""
    from celery import Celery

    return Celery("bench", broker=env["REDIS_URL"])


def _wait_for_workers(client, count: int) -> None:
    deadline = time.monotonic() + 90
    while len(client.control.ping(timeout=1.0)) < count:
        if time.monotonic() > deadline:
            raise _bench().BenchError("fan-out: the Celery workers did not come up (var/bench/fanout-*.log)")


def _queue_length(env) -> int:
    import redis

    return redis.Redis.from_url(env["REDIS_URL"]).llen("celery")


def _wait(until, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            raise _bench().BenchError(f"fan-out: timed out waiting for {what}")
        time.sleep(0.1)


def _fan_out_runs(workers: list[Worker]) -> list[int]:
    """The results (chunk tasks enqueued) of the fan-out runs finished so far, in no order."""
    return [result for w in workers for name, result in w.tasks()[1].values() if name == "ce.tasks.send_reminders"]


def _chunks_done(workers: list[Worker]) -> int:
    return sum(1 for w in workers for name, _ in w.tasks()[1].values() if name == "ce.tasks.send_reminder_chunk")


def run(ctx) -> None:
    import redis

    out, args = ctx.out, ctx.args
    people = args.fanout_people
    out(f"CE reminder fan-out: {people:,} due-date reminders to a local SMTP server (aiosmtpd), a worker killed midway")
    firm_id, rows = seed(people, out)
    reset(firm_id)
    stats_path = _bench().VAR_DIR / "smtp-sink.json"
    stats_path.unlink(missing_ok=True)
    port = _bench().free_port()
    redis_url = _bench().redis_url()
    if not redis_url:
        raise _bench().BenchError("the fanout section needs Redis at BENCH_REDIS_URL (default "
                                  f"{_bench().DEFAULT_REDIS_URL}) for its Celery workers")
    env = {**ctx.env, "REDIS_URL": redis_url, "CELERY_TASK_ALWAYS_EAGER": "0",
           "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
           "EMAIL_PORT": str(port), "EMAIL_USE_TLS": "0", "NOTIFICATION_BATCH_LEASE_SECONDS": str(LEASE_SECONDS)}
    redis.Redis.from_url(env["REDIS_URL"]).delete("celery", "unacked", "unacked_index")  # earlier runs' tasks
    sink = _python(env, "-m", "bench.smtp_sink", str(port), str(stats_path))
    workers: list[Worker] = []

    def idle() -> bool:
        return _queue_length(env) == 0 and not any(w.busy() for w in workers[1:])  # [0] is the killed one

    try:
        _wait(stats_path.exists, 10, "the SMTP sink")
        client = _client(env)
        workers = [Worker(env, "fanout1"), Worker(env, "fanout2")]
        _wait_for_workers(client, 2)
        started = time.time()
        client.send_task("ce.tasks.send_reminders")  # what beat does each morning
        _wait(lambda: _stats(stats_path)["received"] >= rows * 0.4, 300, "40 % of the emails")
        killed_at = _stats(stats_path)["received"]
        workers[0].kill()
        killed_t = time.time()
        workers.append(Worker(env, "fanout3"))
        _wait(lambda: _fan_out_runs(workers) and idle(), 300, "the workers to finish the fan-out")
        time.sleep(0.5)  # the sink writes its counts four times a second
        first_pass, tasks, chunks = _stats(stats_path), sum(_fan_out_runs(workers)), _chunks_done(workers)
        time.sleep(max(0.0, killed_t + LEASE_SECONDS + 0.5 - time.time()))  # the dead worker's lease ends
        client.send_task("ce.tasks.send_reminders")  # the catch-up run, later in the morning
        _wait(lambda: len(_fan_out_runs(workers)) == 2 and idle(), 300, "the workers to finish the catch-up run")
        time.sleep(0.5)
        catch_up_tasks, catch_up_chunks = sum(_fan_out_runs(workers)) - tasks, _chunks_done(workers) - chunks
        sink.send_signal(signal.SIGTERM)
        sink.wait(10)
        final = _stats(stats_path)
        total = final["last_at"] - started if final.get("last_at") else 0.0
    finally:
        for worker in workers:
            worker.stop()
        if sink.poll() is None:
            sink.kill()
    from notifications.models import Notification

    sent_rows = Notification.objects.filter(firm_id=firm_id, kind="ce_reminder", status="sent").count()
    verdict = _bench().verdict
    w = 40
    out(f"  {'Chunk tasks of the fan-out':{w}s} {tasks:8d}   (of which {chunks} ran to the end in the first pass) "
        f"{'≤ ' + str(MAX_TASKS):8s} {verdict(0 < tasks <= MAX_TASKS)}")
    first = (first_pass["last_at"] - started) if first_pass.get("last_at") else 0.0
    out(f"  {'Seconds, start to the last email':{w}s} {total:8.1f}   (first pass {first:.1f} s; then the "
        f"{LEASE_SECONDS} s lease and the catch-up run)  ≤ 60 s {verdict(total <= MAX_SECONDS)}")
    out(f"  {'Emails per second':{w}s} {final['received'] / max(total, 0.001):8.0f}")
    ok = final["distinct"] == rows and final["received"] == rows and sent_rows == rows
    out(f"  {'Emails in the sink / rows':{w}s} {final['received']:8d} / {rows:<8d} distinct {final['distinct']}, "
        f"rows marked sent {sent_rows}  {verdict(ok)}")
    out(f"  {'':{w}s} (worker killed at {killed_at:,} emails; {first_pass['received']:,} in the sink before the "
        f"catch-up run, which used {catch_up_tasks} chunk tasks ({catch_up_chunks} done) for the rest)")
