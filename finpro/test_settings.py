"""Settings for the test suite: the real settings with FINPRO_TESTING on."""

import os

os.environ.setdefault("FINPRO_TESTING", "1")
os.environ.setdefault("DEV_MAILBOX", "1")

from finpro.settings import *  # noqa: F403

SMS_BACKEND = "notifications.sms.LocmemBackend"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run Celery tasks in-process; the worker integration test starts a real worker.
CELERY_TASK_ALWAYS_EAGER = True

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so a separate Celery worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# Tests accept the captcha answer "PASSED" on purpose; the library's warning about it is noise here.
LOGGING["loggers"]["captcha.conf.settings"] = {"level": "CRITICAL"}

# Each test process keeps its own cache: a shared Redis cache would let one xdist worker's
# cache.clear() wipe another's rate-limit counters mid-test. Redis itself is exercised by the
# worker integration test and /healthz's broker check.
# Sessions stay where the real settings put them (Redis when REDIS_URL is set): keys are random,
# so workers cannot trip over each other's.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
          **{alias: CACHES[alias] for alias in ("sessions",) if alias in CACHES}}
