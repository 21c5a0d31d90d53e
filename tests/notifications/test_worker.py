"""A real Celery worker on the real Redis takes a notification from queued to sent."""

import os
import subprocess
import sys
import time
import uuid
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


def _queue_for_this_test() -> str:
    """A queue of its own on the database REDIS_URL names, so parallel runs and other users of
    that Redis never see each other's tasks; nothing else on the server is touched."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI") or os.environ.get("REDIS_URL"):
            raise
        pytest.skip("no Redis on this machine (CI always has one)")
    return f"finpro-test-{os.environ.get('PYTEST_XDIST_WORKER', 'gw0')}-{uuid.uuid4().hex[:12]}"


def _forget_queue(queue: str) -> None:
    """Only this test's own queue and the bindings kombu made for it."""
    redis.Redis.from_url(REDIS_URL).delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


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
    queue = _queue_for_this_test()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "finpro.settings",
        "FINPRO_TESTING": "1",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "finpro", "worker", "--pool=solo", "--loglevel=warning", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    previous = dict(celery_app.conf)
    celery_app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=queue)
    _forget_connections()
    try:
        yield tmp_path / "mail", proc
    finally:
        celery_app.conf.update(broker_url=previous["broker_url"], task_always_eager=previous["task_always_eager"],
                               task_default_queue=previous["task_default_queue"])
        _forget_connections()
        proc.terminate()
        proc.wait(timeout=20)
        _forget_queue(queue)


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
