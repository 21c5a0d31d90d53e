"""A real Celery worker on the real Redis takes a notification from queued to sent."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

from finpro.celery import app as celery_app
from notifications.choices import NotificationStatus
from notifications.models import Notification
from notifications.services import notify

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("worker")]


def _redis_for_this_test():
    """The Redis database of REDIS_URL (the worker tests share one xdist group, so they run one
    after another); without REDIS_URL, a database of its own per xdist worker."""
    if os.environ.get("REDIS_URL"):
        url = os.environ["REDIS_URL"]
    else:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
        url = REDIS_URL.rsplit("/", 1)[0] + f"/{10 + int(worker.removeprefix('gw') or 0) % 5}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI") or os.environ.get("REDIS_URL"):
            raise
        pytest.skip("no Redis on this machine (CI always has one)")
    redis.Redis.from_url(url).flushdb()
    return url


def _database_url():
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _forget_connections():
    """Celery caches its connection and producer pools; drop them so the next send uses broker_url."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def worker(tmp_path):
    url = _redis_for_this_test()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "finpro.settings",
        "FINPRO_TESTING": "1",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "finpro", "worker", "--pool=solo", "--loglevel=warning",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    previous = dict(celery_app.conf)
    celery_app.conf.update(broker_url=url, task_always_eager=False)
    _forget_connections()
    try:
        yield tmp_path / "mail", proc
    finally:
        celery_app.conf.update(broker_url=previous["broker_url"], task_always_eager=previous["task_always_eager"])
        _forget_connections()
        proc.terminate()
        proc.wait(timeout=20)


def test_worker_sends_a_queued_notification(worker):
    mail_dir, proc = worker
    notification = notify(kind="test_message", address="avery@mail.example", context={"name": "Avery"})
    assert Notification.objects.get(pk=notification.pk).status == NotificationStatus.QUEUED

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.status != NotificationStatus.QUEUED:
            break
        assert proc.poll() is None, proc.stdout.read()
        time.sleep(0.25)

    if notification.status != NotificationStatus.SENT:
        proc.terminate()
        pytest.fail(f"still {notification.status}; worker said:\n{proc.communicate(timeout=20)[0]}")
    assert notification.sent_at is not None
    written = "".join(p.read_text() for p in mail_dir.glob("*.log"))
    assert "Subject: Test message for Avery" in written
    assert "avery@mail.example" in written
