"""A worker killed while sending a password-reset email: the message is not lost for the ten
minutes of the normal sweep, but re-sent within a minute by the urgent sweep, and sent exactly
once. Real Celery workers on the real Redis (a queue of its own on the database of REDIS_URL, see test_worker)."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings

from finpro.celery import app as celery_app
from notifications.choices import URGENT_KINDS, NotificationStatus
from notifications.models import Notification
from notifications.services import notifications_requeue_stale, notify

from .test_worker import REDIS_URL, ROOT, _database_url, _forget_connections, _forget_queue, _queue_for_this_test

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("worker")]

SWEEP_EVERY = settings.CELERY_BEAT_SCHEDULE["notifications-sweep-urgent"]["schedule"]


def test_urgent_kinds_are_resent_within_a_minute_by_configuration():
    assert {"account_activation", "password_reset", "identity_passcode", "identity_passcode_voice"} <= URGENT_KINDS
    assert settings.CELERY_BEAT_SCHEDULE["notifications-sweep-urgent"]["task"] == \
        "notifications.tasks.sweep_stale_urgent_notifications"
    assert timedelta(minutes=1) > settings.NOTIFICATION_URGENT_STALE_AFTER + SWEEP_EVERY




def _start_worker(url, tmp_path, backend, name, queue):
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "finpro.settings", "FINPRO_TESTING": "1",
        "DATABASE_URL": _database_url(), "REDIS_URL": url, "EMAIL_BACKEND": backend,
        "EMAIL_FILE_PATH": str(tmp_path / "mail"), "HANG_MARKER": str(tmp_path / "sending"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "finpro", "worker", "--pool=solo", "--loglevel=warning",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-n", f"{name}@%h", "-Q", queue],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}")


def test_a_reset_email_lost_with_a_killed_worker_goes_out_within_a_minute_exactly_once(tmp_path):
    url, queue = REDIS_URL, _queue_for_this_test()
    previous = dict(celery_app.conf)
    celery_app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=queue)
    _forget_connections()
    workers = []
    try:
        hanging = _start_worker(url, tmp_path, "tests.notifications.hanging_backend.HangingBackend", "first", queue)
        workers.append(hanging)
        reset = notify(kind="password_reset", address="avery@mail.example", sensitive=True,
                       context={"user_id": "avery", "first_name": "Avery", "minutes": 30,
                                "link": "http://testserver/accounts/forgot-password/x/"})
        _wait_for((tmp_path / "sending").exists, 60, "the first worker to start sending")
        hanging.kill()  # SIGKILL mid-send: the message stays unacknowledged in Redis, nobody delivers it
        hanging.wait(timeout=20)
        killed_at = time.monotonic()

        healthy = _start_worker(url, tmp_path, "django.core.mail.backends.filebased.EmailBackend", "second", queue)
        workers.append(healthy)

        def sent():
            return Notification.objects.get(pk=reset.pk).status == NotificationStatus.SENT

        # celery beat's urgent sweep, run here on its own schedule
        while not sent() and time.monotonic() - killed_at < 60:
            notifications_requeue_stale(urgent_only=True)
            time.sleep(SWEEP_EVERY.total_seconds())
            assert healthy.poll() is None, healthy.stdout.read()
        _wait_for(sent, 60 - (time.monotonic() - killed_at), "the reset email to be sent")
        assert time.monotonic() - killed_at < 60

        # more sweeps (both kinds) and a little time: the reset email is still sent once
        notifications_requeue_stale(urgent_only=True)
        notifications_requeue_stale()
        time.sleep(3)
        written = "".join(p.read_text() for p in (tmp_path / "mail").glob("*.log"))
        assert written.count("Subject: Reset your FinPro password") == 1, written[:500]
        assert Notification.objects.get(pk=reset.pk).attempts == 1
    finally:
        celery_app.conf.update(broker_url=previous["broker_url"], task_always_eager=previous["task_always_eager"],
                               task_default_queue=previous["task_default_queue"])
        _forget_connections()
        for proc in workers:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=20)
        _forget_queue(queue)
