"""FinPro settings. Every value comes from the environment (django-environ).

Defaults are for local development only (`make run`): SQLite under var/, no Redis
(Celery runs tasks eagerly, the cache is local memory), DEBUG on. Production
(DEBUG off) refuses to start without SECRET_KEY, FIELD_ENCRYPTION_KEYS (real Fernet keys),
BLIND_INDEX_KEY and SITE_URL, and with the console email or SMS backends unless
ALLOW_CONSOLE_BACKENDS is set; each refusal names the variable and how to fix it.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("FINPRO_TESTING", default=False)

# Development-only fallbacks. They are fixed, public and useless outside a laptop.
_DEV_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"
_DEV_FIELD_KEYS = ["ZGV2LW9ubHktZmllbGQta2V5LW5ldmVyLWluLXByb2Q="]  # a real Fernet key, public
_DEV_BLIND_INDEX_KEY = "dev-only-blind-index-key-not-for-production"


def _secret(name, dev_default, *, cast=str):
    if name in env.ENVIRON:
        return env.list(name) if cast is list else env.str(name)
    if DEBUG or TESTING:
        return dev_default
    raise ImproperlyConfigured(f"{name} must be set when DEBUG is off.")


PRODUCTION = not (DEBUG or TESTING)
FERNET_KEY_HELP = (
    'Generate one with: python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"')


SECRET_KEY = _secret("SECRET_KEY", _DEV_SECRET_KEY)
FIELD_ENCRYPTION_KEYS = _secret("FIELD_ENCRYPTION_KEYS", _DEV_FIELD_KEYS, cast=list)
BLIND_INDEX_KEY = _secret("BLIND_INDEX_KEY", _DEV_BLIND_INDEX_KEY)


def _check_fernet_keys(keys):
    from cryptography.fernet import Fernet

    if not keys:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS is empty. {FERNET_KEY_HELP}")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS: key {position} is not a Fernet key (32 url-safe base64-encoded bytes). "
                f"{FERNET_KEY_HELP}") from None


_check_fernet_keys(FIELD_ENCRYPTION_KEYS)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Every emailed link starts with SITE_URL (finpro.links); production must say where it is served.
if "SITE_URL" not in env.ENVIRON and PRODUCTION:
    raise ImproperlyConfigured(
        "SITE_URL must be set when DEBUG is off: the address people open FinPro at, such as "
        "https://finpro.example.org. Every link in an email starts with it.")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    # third party
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.mfa",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
    "phonenumber_field",
    "localflavor",
    "django_countries",
    "captcha",
    "django_filters",
    "csp",
    "health_check",
    # ours
    "finpro.apps.FinproConfig",
    "portal",
    "accounts",
    "identity",
    "crd",
    "ce",
    "u4",
    "u5",
    "exams",
    "programs",
    "firmsettings",
    "notifications",
    "payments",
    "api",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "finpro.cache_control.NoStoreMiddleware",
    "finpro.methods.PageMethodsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLimitMiddleware",
    # A rep finishes account setup (security questions), then verifies identity, then sees the rest.
    "accounts.middleware.AccountSetupGateMiddleware",
    "identity.middleware.IdentityGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "finpro.request_log.RequestLogMiddleware",
    "portal.middleware.ErrorReferenceMiddleware",
    "portal.middleware.MaintenanceModeMiddleware",
    "accounts.middleware.LastAccessMiddleware",
]

ROOT_URLCONF = "finpro.urls"
WSGI_APPLICATION = "finpro.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'finpro.sqlite3'}"),
}
if DEBUG or TESTING or "DATABASE_URL" not in env.ENVIRON:
    # A fresh clone has no var/ (it is git-ignored): the SQLite file, the development mail and
    # SMS files and private media live there, so it is made here rather than assumed.
    for _folder in (VAR_DIR, VAR_DIR / "private", VAR_DIR / "mail", VAR_DIR / "sms"):
        _folder.mkdir(exist_ok=True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "finpro.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.FinProAuthenticationBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests do not measure hashing.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")}},
    {"NAME": "accounts.validators.MfaAwareMinimumLengthValidator",
     "OPTIONS": {"min_length_with_mfa": 12, "min_length_without_mfa": 15}},
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "accounts.validators.NotNameOrUserIdValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

SITE_ID = 1

# django-allauth
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_email": "1/m/user",
}
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_FORMS = {"login": "accounts.forms.SignInForm"}
ACCOUNT_ADAPTER = "accounts.google.FinProAccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.google.FinProSocialAccountAdapter"
# A Google email never signs into the FinPro account that uses the same address.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_LOGIN_ON_GET = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
SOCIALACCOUNT_PROVIDERS = {
    "google": {
        "APPS": [{
            "client_id": env.str("GOOGLE_CLIENT_ID", default="finpro-dev-google-client"),
            "secret": env.str("GOOGLE_CLIENT_SECRET", default="finpro-dev-google-secret"),
        }],
        "SCOPE": ["profile", "email"],
    },
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "FinPro"

# Sessions: 15 minutes idle, 12 hours absolute, both enforced by
# accounts.middleware.SessionLimitMiddleware. No write per request: the last activity is
# recorded at most once a minute (SESSION_SEEN_INTERVAL_SECONDS), and a GET that changes
# nothing leaves the session alone. With Redis they live in the cache (alias "sessions", which
# cache.clear() on the default cache does not touch); without it (make run) in the database.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=15 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_SEEN_INTERVAL_SECONDS = env.int("SESSION_SEEN_INTERVAL_SECONDS", default=60)
SESSION_ENGINE = "django.contrib.sessions.backends.db"
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"
    CACHES["sessions"] = {"BACKEND": "finpro.cache.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "session"}
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 3600)
# Signed-in pages warn this long before the idle limit, offering "Stay signed in" (static/js/session.js).
SESSION_WARNING_SECONDS = env.int("SESSION_WARNING_SECONDS", default=2 * 60)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "m/d/Y"
SHORT_DATE_FORMAT = "m/d/Y"
DATETIME_FORMAT = "m/d/Y g:i A T"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": env.str("MEDIA_ROOT", default=str(VAR_DIR / "private"))}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if not (DEBUG or TESTING) else
                    "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
STATIC_ROOT.mkdir(exist_ok=True)

# Email and SMS
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="FinPro <noreply@finpro.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
SMS_BACKEND = env.str("SMS_BACKEND", default="notifications.sms.ConsoleBackend")
SMS_FILE_PATH = env.str("SMS_FILE_PATH", default=str(VAR_DIR / "sms"))
DEV_MAILBOX = env.bool("DEV_MAILBOX", default=DEBUG)
# The console backends print whole messages (activation links, passcodes) to the log: a server
# with DEBUG off refuses them unless this says it is a demo that wants them.
ALLOW_CONSOLE_BACKENDS = env.bool("ALLOW_CONSOLE_BACKENDS", default=False)
if PRODUCTION and not ALLOW_CONSOLE_BACKENDS:
    for _name, _value, _fix in (
            ("EMAIL_BACKEND", EMAIL_BACKEND, "django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST"),
            ("SMS_BACKEND", SMS_BACKEND, "your gateway's backend (or notifications.sms.FileBackend)")):
        _parts = _value.lower().split(".")
        if "console" in _parts or _parts[-1].startswith("console"):
            raise ImproperlyConfigured(
                f"{_name} is the console backend, which writes every message to the log, when DEBUG is off. "
                f"Set {_name} to {_fix}, or ALLOW_CONSOLE_BACKENDS=1 on a demo server.")

SUPPORT_PHONE = env.str("SUPPORT_PHONE", default="(555) 010-4040")
SUPPORT_HOURS = env.str("SUPPORT_HOURS", default="Monday through Friday, 8 a.m. to 8 p.m. Eastern Time")

# The credit bureau used for identity verification (identity.providers).
IDENTITY_BUREAU = env.str("IDENTITY_BUREAU", default="identity.providers.sandbox.SandboxBureau")
# The payment provider reps pay their own fees through (payments.providers).
PAYMENT_PROVIDER = env.str("PAYMENT_PROVIDER", default="payments.providers.sandbox.SandboxProvider")

# Celery
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep": {"task": "notifications.tasks.sweep_stale_notifications",
                            "schedule": timedelta(minutes=5)},
    # CE: plans follow registrations daily; the year closes just after midnight Eastern on Jan 1
    # (CELERY_TIMEZONE is America/New_York; the job is idempotent, so a second run is harmless).
    "ce-assign-learning-plans": {"task": "ce.tasks.assign_learning_plans", "schedule": crontab(hour=2, minute=15)},
    "ce-reminders": {"task": "ce.tasks.send_reminders", "schedule": crontab(hour=7, minute=0)},
    # The same fan-out again: a chunk lost with a dead worker is finished (the claims keep it once).
    "ce-reminders-catch-up": {"task": "ce.tasks.send_reminders", "schedule": crontab(hour=7, minute=45)},
    "ce-year-end": {"task": "ce.tasks.year_end", "schedule": crontab(month_of_year=1, day_of_month=1, hour=0,
                                                                      minute=5)},
    "notifications-sweep-urgent": {"task": "notifications.tasks.sweep_stale_urgent_notifications",
                                   "schedule": timedelta(seconds=15)},
    # Webhook deliveries whose retry was lost with a worker are sent again.
    "api-webhook-sweep": {"task": "api.tasks.sweep_webhook_deliveries", "schedule": timedelta(minutes=5)},
    "programs-daily": {"task": "programs.tasks.programs_daily", "schedule": crontab(hour=3, minute=30)},
}
CELERY_BEAT_SCHEDULE.update({
    "reports-scheduled": {"task": "reports.tasks.run_scheduled_reports", "schedule": timedelta(minutes=15)},
    "reports-expire-files": {"task": "reports.tasks.expire_report_files", "schedule": crontab(hour=3, minute=30)},
})
CELERY_BEAT_SCHEDULE["crd-activity-purge"] = {"task": "crd.tasks.purge_record_activity",
                                              "schedule": crontab(hour=3, minute=45)}
# The person's record activity log (crd.RecordActivity) keeps this many years.
RECORD_ACTIVITY_YEARS = env.int("RECORD_ACTIVITY_YEARS", default=7)
# Report files (reports.ReportRun) are deleted this many days after the run finished.
REPORT_FILE_DAYS = env.int("REPORT_FILE_DAYS", default=7)
NOTIFICATION_STALE_AFTER = timedelta(minutes=10)
# Passcodes, activation and reset links: re-sent after this (+ the 15 s sweep) when a worker died.
NOTIFICATION_URGENT_STALE_AFTER = timedelta(seconds=30)
NOTIFICATION_MAX_ATTEMPTS = 5
# notifications_send_batch leases its rows this long; what a dead batch sender held goes out
# again after it (the stale sweep or the next fan-out). Longer than a chunk takes to send.
NOTIFICATION_BATCH_LEASE = timedelta(seconds=env.int("NOTIFICATION_BATCH_LEASE_SECONDS", default=300))

# Security
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, "https://accounts.google.com"],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Captcha (offline). Tests switch it to a fixed passphrase.
CAPTCHA_TEST_MODE = env.bool("CAPTCHA_TEST_MODE", default=TESTING)
CAPTCHA_FONT_SIZE = 30
CAPTCHA_LETTER_ROTATION = (-20, 20)

# Maintenance: MAINTENANCE_MODE forces "System Is Currently Unavailable" (503) for everyone but
# support staff; otherwise the switch on the System status row in the admin decides.
# Baseline views for `make bench` (bench/urls.py), mounted at /bench/ only when this is on.
# Never set it on a real server.
BENCH_ENDPOINTS = env.bool("BENCH_ENDPOINTS", default=False)

MAINTENANCE_MODE = env.bool("MAINTENANCE_MODE", default=False)
MAINTENANCE_MESSAGE = env.str("MAINTENANCE_MESSAGE", default="")
MAINTENANCE_RETRY_AFTER_SECONDS = env.int("MAINTENANCE_RETRY_AFTER_SECONDS", default=3600)
MAINTENANCE_CACHE_SECONDS = env.int("MAINTENANCE_CACHE_SECONDS", default=10)
MAINTENANCE_EXEMPT_PREFIXES = ["/admin/", "/accounts/login/", "/accounts/logout/", "/static/", "/healthz",
                               "/status/", "/captcha/", "/help/"]
# A signed-in user's last_access_at is written at most once per this many minutes.
LAST_ACCESS_INTERVAL_MINUTES = env.int("LAST_ACCESS_INTERVAL_MINUTES", default=15)

PHONENUMBER_DEFAULT_REGION = "US"
PHONENUMBER_DB_FORMAT = "E164"
COUNTRIES_FIRST = ["US"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"pii": {"()": "finpro.logging.RedactPIIFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["pii"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_structlog": {"level": "WARNING" if TESTING else "INFO"},
        "finpro.requests": {"level": "WARNING" if TESTING else "INFO"},
        # Django's own default handlers (console when DEBUG, runserver's access lines, mail to
        # ADMINS) would print unredacted paths: everything goes to the filtered root handler.
        "django": {"level": "INFO", "handlers": [], "propagate": True},
        "django.server": {"level": "INFO", "handlers": [], "propagate": True},
    },
}

# django-structlog's request events go through the standard logging above (levels, the
# redacting filter, handlers) instead of structlog's default print-to-stdout; the processor
# redact_event_dict masks link tokens and PII in each field first.
import structlog  # noqa: E402

from finpro.logging import redact_event_dict  # noqa: E402

structlog.configure(
    processors=[
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.filter_by_level,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        structlog.processors.UnicodeDecoder(),
        redact_event_dict,
        structlog.processors.KeyValueRenderer(key_order=["event", "request_id"]),
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)

# Paths that the account-setup gate (accounts) and the identity gate (identity) never
# redirect: sign-in and setup pages themselves, support admin, assets, health and status.
GATE_EXEMPT_PREFIXES = [
    "/accounts/", "/account/", "/identity/", "/admin/", "/static/", "/healthz", "/status/",
    "/dev/mailbox/", "/captcha/", "/firm/", "/help/",
    "/api/",
]

# Form U4 completeness check: the longest unexplained gap allowed in the residential and
# employment histories (DOMAIN.md marks the rule [U], so it is a setting).
U4_HISTORY_MAX_GAP_DAYS = env.int("U4_HISTORY_MAX_GAP_DAYS", default=31)

# The firm API (api/): requests per key per minute before 429 with Retry-After.
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=120)
# Webhook deliveries: tries per delivery, the first retry's delay (doubling each time, capped),
# the request timeout, and how long an endpoint may keep failing before it is disabled.
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=10)
WEBHOOK_BACKOFF_BASE_SECONDS = env.int("WEBHOOK_BACKOFF_BASE_SECONDS", default=60)
WEBHOOK_BACKOFF_MAX_SECONDS = env.int("WEBHOOK_BACKOFF_MAX_SECONDS", default=6 * 60 * 60)
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_DISABLE_AFTER_DAYS = env.int("WEBHOOK_DISABLE_AFTER_DAYS", default=3)
# Exams (exams/): windows opened by U4 exam requests, appointments, extensions, retake waits.
EXAM_WINDOW_DAYS = env.int("EXAM_WINDOW_DAYS", default=120)
# Cancel or reschedule up to this many business days (Mon-Fri) before the appointment's date.
EXAM_CANCEL_CUTOFF_BUSINESS_DAYS = env.int("EXAM_CANCEL_CUTOFF_BUSINESS_DAYS", default=2)
# An extension may be asked for in the last N days of a window; an approval adds M days.
EXAM_EXTENSION_ASK_DAYS = env.int("EXAM_EXTENSION_ASK_DAYS", default=10)
EXAM_EXTENSION_DAYS = env.int("EXAM_EXTENSION_DAYS", default=30)
# Retake waits (DOMAIN.md: one source says otherwise, so they are settings).
EXAM_RETAKE_WAIT_DAYS = env.int("EXAM_RETAKE_WAIT_DAYS", default=30)
EXAM_RETAKE_LONG_WAIT_DAYS = env.int("EXAM_RETAKE_LONG_WAIT_DAYS", default=180)
EXAM_RETAKE_LONG_AFTER_FAILURES = env.int("EXAM_RETAKE_LONG_AFTER_FAILURES", default=3)
# The appointment reminder goes out this many days before.
EXAM_REMINDER_DAYS = env.int("EXAM_REMINDER_DAYS", default=3)
CELERY_BEAT_SCHEDULE |= {
    "exams-reminders": {"task": "exams.tasks.send_appointment_reminders", "schedule": crontab(hour=7, minute=30)},
    "exams-expire-windows": {"task": "exams.tasks.expire_windows", "schedule": crontab(hour=0, minute=20)},
}
