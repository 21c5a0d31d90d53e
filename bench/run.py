"""`python -m bench`: prepare the bench database, start gunicorn, measure, print the report.

Exit status: 0 when the report was printed (whatever PASS/FAIL says), 2 when the run could not
start (PostgreSQL unreachable, keys that do not match the seeded data, gunicorn did not come
up), 1 on a crash.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

from . import extra_pages, load, sections
from .load import Client, Result, Target

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var" / "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/finpro_bench"
DEMO_PASSWORD = "FinPro-demo-2026"  # accounts.demo.DEMO_PASSWORD (published demo password)
REP, COMPLIANCE = "dana.rep", "casey.compliance"

# DESIGN.md, "Budgets".
B1_FLOOR = 0.40  # B1 ≥ 0.40 × B0: being signed in costs little
TARGETS = {"dashboard": 0.60, "record": 0.75, "post": 0.55}
DASHBOARD_P95_MS = 20.0
DASHBOARD_MAX_QUERIES = 5
# A run whose B1 rounds differ by more than this (max − min over their mean) prints UNSTABLE
# instead of PASS/FAIL for the ratios: the machine's other load moved under it.
MAX_B1_SPREAD = 0.15
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


class BenchError(Exception):
    """The run cannot go on; the message says why and what to do."""


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _names(value: str) -> list[str]:
    return [n.strip() for n in value.split(",") if n.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20_000, help="seed_demo --reps N for the bench data (20,000).")
    parser.add_argument("--seconds", type=float, default=5.0, help="Length of each throughput run (5 s).")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers, as in the Dockerfile (3).")
    parser.add_argument(
        "--connections", type=int, default=0, help="Concurrent connections for peak throughput (default 2 × workers)."
    )
    parser.add_argument("--rounds", type=int, default=2, help="Interleaved rounds of the throughput runs (2).")
    parser.add_argument("--show-queries", action="store_true", help="Also print the SQL of each page (size A).")
    parser.add_argument(
        "--client",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="Throughput load generator: wrk when installed (auto), or the Python client.",
    )
    parser.add_argument("--fresh", action="store_true", help="Drop and recreate the bench database first.")
    parser.add_argument("--only", default="", help="Sections to run, comma-separated: pages and bench/sections.py.")
    parser.add_argument("--skip", default="", help="Comma-separated sections to leave out.")
    parser.add_argument("--fanout-people", type=int, default=100_000,
                        help="People due a CE reminder in the fanout section (100,000).")
    args = parser.parse_args(argv)
    args.connections = args.connections or 2 * args.workers
    try:
        args.sections = sections.selected(_names(args.only), _names(args.skip))
    except ValueError as exc:
        parser.error(str(exc))
    if args.client == "wrk" and not load.wrk_path():
        parser.error("--client wrk: wrk is not installed (Debian: apt-get install wrk).")
    return args


# --- Database and environment -------------------------------------------------------------------


def prepare_database(url: str, *, fresh: bool) -> None:
    """Create the bench database when missing (or drop it first with --fresh)."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise BenchError(f"BENCH_DATABASE_URL has no database name: {url}")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    where = f"{parts.hostname or 'localhost'}:{parts.port or 5432}"
    try:
        conn = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        raise BenchError(
            f"PostgreSQL is not reachable at {where} ({str(exc).strip().splitlines()[0]}). "
            "Start it or set BENCH_DATABASE_URL."
        ) from None
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            out(f"Created database {name} on {where}.")


def run_secrets() -> dict[str, str]:
    """SECRET_KEY, FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY: from the environment when all are
    set, else generated once and kept in var/bench/secrets.json (the seeded SSNs are encrypted
    and blind-indexed with them, so a rerun on the same database needs the same keys)."""
    names = ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY")
    if all(os.environ.get(n) for n in names):
        return {n: os.environ[n] for n in names}
    path = VAR_DIR / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    from cryptography.fernet import Fernet

    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": secrets.token_urlsafe(32),
    }
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps(values))
    return values


def redis_url() -> str:
    """BENCH_REDIS_URL (default redis://127.0.0.1:6379/15) when a Redis answers there, else "":
    production keeps sessions and the cache in Redis, so the bench does too when it can; without
    one the run still works (database sessions, local-memory cache) and the report says so."""
    url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    if not url:
        return ""
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                return ""
    except OSError:
        return ""
    return url


def production_env(database_url: str) -> dict[str, str]:
    """The environment of a production server (DEBUG off, real secrets, manifest static files),
    except: plain HTTP on loopback (SECURE_SSL_REDIRECT=0), the bench baselines mounted, Celery
    eager (no worker to run), and Redis only when one answers at BENCH_REDIS_URL."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "FINPRO_TESTING", "DEV_MAILBOX")}
    env.update(run_secrets())
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "finpro.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "BENCH_ENDPOINTS": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "SMS_BACKEND": "notifications.sms.LocmemBackend",
            "CELERY_TASK_ALWAYS_EAGER": "1",
        }
    )
    redis = redis_url()
    if redis:
        env["REDIS_URL"] = redis
    return env


def setup_django(env: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(env)
    # The bench process also uses Django's test client (host "testserver") for query counts.
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(BASE_DIR))
    import logging

    import django
    import structlog

    django.setup()
    # The query-count requests of this process need no request log (gunicorn keeps its own).
    logging.getLogger("django_structlog").setLevel(logging.WARNING)
    logging.getLogger("finpro.requests").setLevel(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def migrate_and_seed(reps: int) -> str:
    from django.core.management import call_command

    from accounts.models import User
    from crd.models import Individual
    from portal.demo_scale import SCALE_CRD_BASE

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.monotonic() - started
    scale = Individual.objects.filter(crd_number__gt=SCALE_CRD_BASE, crd_number__lte=SCALE_CRD_BASE + reps).count()
    if User.objects.filter(username=REP).exists() and scale == reps:
        seeded = "already seeded, skipped"
    else:
        out(f"Seeding demo data and {reps:,} scale reps (first run only; takes a while) …")
        t0 = time.monotonic()
        log = (VAR_DIR / "seed.log").open("w")
        call_command("seed_demo", reps=reps, force=True, stdout=log)
        log.close()
        seeded = f"seeded in {time.monotonic() - t0:.0f} s"
    check_keys()
    t0 = time.monotonic()
    call_command("collectstatic", interactive=False, verbosity=0)
    return (
        f"migrate {migrated:.1f} s, {seeded}, collectstatic {time.monotonic() - t0:.1f} s; "
        f"{Individual.objects.count():,} individuals"
    )


def check_keys() -> None:
    from accounts.models import User
    from finpro.encryption import DecryptionError

    user = User.objects.select_related("individual").get(username=REP)
    try:
        _ = user.individual.ssn
    except DecryptionError:
        raise BenchError(
            "The bench database was seeded with other keys than var/bench/secrets.json (or the "
            "environment's). Rerun with --fresh to rebuild it."
        ) from None


# --- Signing in over HTTP ------------------------------------------------------------------------


@dataclass
class Session:
    username: str
    cookies: dict

    def headers(self, port: int, *, form: bool = False) -> dict:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if form:
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"http://127.0.0.1:{port}",
                    "Referer": f"http://127.0.0.1:{port}/",
                }
            )
        return headers


def _request(port: int, method: str, path: str, *, headers=None, body: bytes = b""):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookies = {}
        for raw in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(raw).items():
                cookies[name] = morsel.value
        return response.status, response.getheader("Location", ""), text, cookies
    finally:
        conn.close()


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(port: int, username: str) -> Session:
    """A real sign-in through allauth. The session cookie is marked Secure (production), so a
    browser would not send it over plain HTTP; we copy it into a Cookie header ourselves rather
    than add a switch that turns Secure off."""
    status, _, html, cookies = _request(port, "GET", "/accounts/login/")
    match = CSRF_INPUT.search(html)
    if status != 200 or not match:
        raise BenchError(f"GET /accounts/login/ answered {status} without a sign-in form.")
    session = Session(username, cookies)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1), "login": username, "password": DEMO_PASSWORD}
    ).encode()
    status, location, _, cookies = _request(
        port, "POST", "/accounts/login/", headers=session.headers(port, form=True), body=body
    )
    session.cookies.update(cookies)
    if status != 302 or "sessionid" not in session.cookies:
        raise BenchError(f"Signing in as {username} failed (HTTP {status}, Location {location!r}).")
    return session


# --- Targets ------------------------------------------------------------------------------------


def build_targets(port: int, rep: Session, compliance: Session) -> dict[str, Target]:
    from firmsettings.models import FirmMembership
    from firmsettings.selectors import settings_for

    membership = FirmMembership.objects.select_related("firm").filter(user__username=COMPLIANCE).first()
    if membership is None:
        raise BenchError(f"{COMPLIANCE} has no firm membership in the bench database.")
    firm = membership.firm
    settings_path = f"/firm/{firm.crd_number}/settings/"
    status, _, html, cookies = _request(port, "GET", settings_path, headers=compliance.headers(port))
    compliance.cookies.update(cookies)
    match = CSRF_INPUT.search(html)
    if status != 200 or not match:
        raise BenchError(f"GET {settings_path} as {COMPLIANCE} answered {status} without a form.")
    # Saving the IAR CE Fee card with its current value: a real, validated, locked write path
    # that changes nothing, so the POST can be repeated thousands of times.
    current = "on" if settings_for(firm=firm).iar_ce_fee_opt_in else "off"
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1), "iar_ce_fee-iar_ce_fee_opt_in": current}
    ).encode()
    rep_headers = rep.headers(port)
    people = {REP: rep, COMPLIANCE: compliance}
    extra = {row.name: Target(row.name, path, headers=people[row.username].headers(port))
             for row, path in extra_paths()}
    return extra | {
        "b0": Target("B0", "/bench/b0/"),
        "b1": Target("B1", "/bench/b1/", headers=rep_headers),
        "dashboard": Target("dashboard", "/", headers=rep_headers),
        "record": Target("record", "/record/registrations/", headers=rep_headers),
        "post": Target(
            "post",
            f"{settings_path}iar_ce_fee/",
            method="POST",
            body=body,
            headers=compliance.headers(port, form=True),
            expect_status=302,
            expect_location=settings_path,
        ),
    }


_EXTRA_PATHS: list = []


def extra_paths() -> list[tuple[extra_pages.PageRow, str]]:
    """Each row of bench/extra_pages.py with its path, resolved once per run."""
    if not _EXTRA_PATHS:
        _EXTRA_PATHS.extend((row, row.path()) for row in extra_pages.ROWS)
    return _EXTRA_PATHS


def check_targets(port: int, targets: dict[str, Target]) -> None:
    client = Client(port)
    try:
        for target in targets.values():
            status, location, _ = client.send(target)
            if status != target.expect_status or not location.startswith(target.expect_location):
                raise BenchError(
                    f"{target.name} {target.method} {target.path}: HTTP {status} {location!r}, "
                    f"expected {target.expect_status} {target.expect_location!r}."
                )
        _, _, dashboard = client.send(targets["dashboard"])
        if b"Sign in" in dashboard and b"Sign out" not in dashboard:
            raise BenchError("The dashboard answered with a sign-in page, not the rep's dashboard.")
    finally:
        client.close()


# --- Query counts --------------------------------------------------------------------------------


def query_counts() -> tuple[dict[str, tuple[int, int, int]], str, dict[str, list[str]]]:
    """Queries per request of each page (Django's test client, in this process, against the
    bench database): size A is the database as seeded; size B adds ten copies of every record
    row of both signed-in people, in a transaction that is rolled back."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, transaction
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from crd import models as crd
    from firmsettings.models import FirmMembership
    from firmsettings.selectors import settings_for

    # As Django's test runner does: keep one connection, so the rollback below is ours to make.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    rep = User.objects.get(username=REP)
    casey = User.objects.get(username=COMPLIANCE)
    firm = FirmMembership.objects.select_related("firm").get(user=casey).firm
    value = "on" if settings_for(firm=firm).iar_ce_fee_opt_in else "off"
    pages = {
        "b0": (None, "get", "/bench/b0/", None),
        "b1": (rep, "get", "/bench/b1/", None),
        "dashboard": (rep, "get", "/", None),
        "record": (rep, "get", "/record/registrations/", None),
        "post": (
            casey,
            "post",
            f"/firm/{firm.crd_number}/settings/iar_ce_fee/",
            {"iar_ce_fee-iar_ce_fee_opt_in": value},
        ),
    }
    people = {REP: rep, COMPLIANCE: casey}
    for row, path in extra_paths():
        pages[row.name] = (people[row.username], "get", path, None)
    clients = {}
    for user in (rep, casey):
        client = TestClient()
        client.force_login(user)
        clients[user.pk] = client
    anonymous = TestClient()

    sql: dict[str, list[str]] = {}

    def measure() -> dict[str, int]:
        counts = {}
        for name, (user, method, path, data) in pages.items():
            client = clients[user.pk] if user else anonymous
            getattr(client, method)(path, data)  # warm: per-session flags, cached status
            with CaptureQueriesContext(connection) as ctx:
                response = getattr(client, method)(path, data)
            expected = 302 if method == "post" else 200
            if response.status_code != expected:
                raise BenchError(f"Query count of {path}: HTTP {response.status_code}, expected {expected}.")
            counts[name] = len(ctx.captured_queries)
            sql.setdefault(name, [q["sql"] for q in ctx.captured_queries])
        return counts

    size_a = measure()
    with transaction.atomic():
        added = 0
        for person in (rep.individual, casey.individual):
            for model in (
                crd.Registration,
                crd.ExamResult,
                crd.EmploymentHistory,
                crd.ResidenceHistory,
                crd.Disclosure,
            ):
                rows = list(model.objects.filter(individual=person))
                fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
                copies = [model(**{name: getattr(row, name) for name in fields}) for _ in range(10) for row in rows]
                model.objects.bulk_create(copies)
                added += len(copies)
        size_b = measure()
        transaction.set_rollback(True)
    note = f"size B = size A + {added} record rows of the two signed-in people"
    control = {name: sum(q in ("BEGIN", "COMMIT", "ROLLBACK") for q in sql[name]) for name in pages}
    return {name: (size_a[name], size_b[name], control[name]) for name in pages}, note, sql


# --- gunicorn ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    log = (VAR_DIR / "gunicorn.log").open("w")
    proc = subprocess.Popen(  # noqa: S603 (fixed argv: this Python, gunicorn)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "finpro.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"gunicorn exited with {proc.returncode}; see {VAR_DIR / 'gunicorn.log'}.")
        try:
            if _request(port, "GET", "/bench/b0/")[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    stop_gunicorn(proc)
    raise BenchError(f"gunicorn did not answer on 127.0.0.1:{port} within 60 s.")


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


# --- Measuring and reporting ----------------------------------------------------------------------


def measure(port: int, targets: dict[str, Target], args) -> dict[str, object]:
    """Peak throughput of B0, B1 and the pages in `args.rounds` interleaved rounds (so a
    neighbour's load drifting over the run hits baseline and pages alike), then the dashboard
    at half its peak rate, then the pages together at twice the peak concurrency."""
    cap = 200_000  # request bound of the Python fallback per run
    names = ("b0", "b1", "dashboard", "record", "post", *(row.name for row in extra_pages.ROWS))
    runs: dict[str, list[Result]] = {name: [] for name in names}
    for round_no in range(args.rounds):
        for name in names:
            if round_no == 0:  # warm-up: worker imports, template and connection caches
                load.throughput(
                    port, targets[name], connections=args.connections, seconds=1, max_requests=cap, client=args.client
                )
            runs[name].append(
                load.throughput(
                    port,
                    targets[name],
                    connections=args.connections,
                    seconds=args.seconds,
                    max_requests=cap,
                    client=args.client,
                )
            )
    results: dict[str, object] = {"runs": runs}
    for name in names:
        results[name] = merge(runs[name])

    rate = max(1.0, results["dashboard"].rps / 2)
    count = max(100, int(rate * 2 * args.seconds))
    results["p95"] = load.paced(
        port,
        targets["dashboard"],
        rate=rate,
        count=count,
        threads=max(8, args.connections),
        max_seconds=min(60.0, count / rate + 10),
    )
    results["p95_rate"] = rate

    mix = [targets["dashboard"], targets["record"], targets["post"], targets["b1"]]
    mix_rps = 4 / sum(1 / max(results[n].rps, 1e-9) for n in ("dashboard", "record", "post", "b1"))
    count = max(200, int(2 * mix_rps * args.seconds))
    results["overload"] = load.closed_loop(
        port, mix, connections=2 * args.connections, max_requests=count, max_seconds=3 * args.seconds + 10
    )
    return results


def merge(runs: list[Result]) -> Result:
    """Several runs of one target as one: total requests over total time, worst percentiles."""
    return Result(
        requests=sum(r.requests for r in runs),
        seconds=sum(r.seconds for r in runs),
        errors=sum(r.errors for r in runs),
        tool=runs[0].tool,
        p50_ms=max(r.p50_ms for r in runs),
        p95_ms=max(r.p95_ms for r in runs),
        p99_ms=max(r.p99_ms for r in runs),
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def spread(runs: list[Result]) -> float:
    """(max − min) / mean of the rounds' throughput: 0 when there is one round."""
    rates = [r.rps for r in runs]
    mean = sum(rates) / len(rates) if rates else 0
    return (max(rates) - min(rates)) / mean if mean and len(rates) > 1 else 0.0


def spread_text(runs: list[Result]) -> str:
    return f"±{spread(runs) * 50:.0f}%"  # half the range, as a ± around the figure


LABELS = {
    "b0": "B0 no-database view",
    "b1": "B1 signed-in one-query view",
    "dashboard": "Dashboard as dana.rep, GET /",
    "record": "Record page, GET /record/registrations/",
    "post": "Form POST, firm settings save (casey)",
}


def report(results, counts, counts_note, args, context: str) -> None:
    b0, b1 = results["b0"], results["b1"]
    runs = results["runs"]
    b1_runs = ", ".join(f"{r.rps:.1f}" for r in runs["b1"])
    unstable = spread(runs["b1"]) > MAX_B1_SPREAD

    def ratio_verdict(ok: bool) -> str:
        return "UNSTABLE" if unstable else verdict(ok)

    w = 40
    out()
    out(f"FinPro bench, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    out(f"  {context}")
    out(
        f"  gunicorn {args.workers} sync workers, production settings (DEBUG off), 127.0.0.1; load: {b0.tool}, "
        f"{args.connections} connections, {args.rounds} interleaved rounds of {args.seconds:g} s per figure"
    )
    out(f"  machine load average before the run: {results.get('loadavg', '?')}; after: {load_average()}")
    out(f"  sessions: {results.get('sessions', '?')}")
    out()
    out("Baselines (whole middleware stack, same run; ± is half the spread over rounds)")
    out(f"  {LABELS['b0']:{w}s} {b0.rps:8.1f} req/s {spread_text(runs['b0']):>5s}  p50 {b0.p50_ms:5.1f} ms")
    floor = b1.rps / b0.rps
    out(
        f"  {LABELS['b1']:{w}s} {b1.rps:8.1f} req/s {spread_text(runs['b1']):>5s}  p50 {b1.p50_ms:5.1f} ms   "
        f"({floor:.2f} × B0, target ≥ {B1_FLOOR:.2f}: {ratio_verdict(floor >= B1_FLOOR)}; rounds: {b1_runs})"
    )
    if unstable:
        out(
            f"  B1's rounds differ by {spread(runs['b1']) * 100:.0f} % (more than {MAX_B1_SPREAD * 100:.0f} %): the "
            "machine's load changed during the run, so the ratios below get no verdict. Run again, or with "
            "more --rounds / --seconds."
        )
    out()
    out(f"  {'Budget (DESIGN.md)':{w}s} {'figure':>20s}   {'baseline':>14s}  {'ratio':>6s}   {'target':14s} result")
    for name in ("dashboard", "record", "post"):
        r = results[name]
        ratio = r.rps / b1.rps
        extra = f"  ({r.errors} wrong answers)" if r.errors else ""
        target = f"≥ {TARGETS[name]:.2f} × B1"
        out(
            f"  {LABELS[name]:{w}s} {r.rps:8.1f} req/s {spread_text(runs[name]):>5s}  B1 {b1.rps:5.1f} req/s  "
            f"{ratio:5.2f}×   {target:14s} {ratio_verdict(ratio >= TARGETS[name] and not r.errors)}{extra}"
        )
    p95 = results["p95"]
    out(
        f"  {'Dashboard p95 at half its peak rate':{w}s} {p95.p95_ms:8.1f} ms{'':8s} "
        f"at {results['p95_rate']:5.1f} req/s"
        f"  {'':6s}   {f'≤ {DASHBOARD_P95_MS:g} ms':14s} {verdict(p95.p95_ms <= DASHBOARD_P95_MS and not p95.errors)}"
    )
    out(f"  {'':{w}s} (p50 {p95.p50_ms:.1f} ms, {p95.note}, {p95.requests} requests, {p95.errors} errors)")
    over = results["overload"]
    out(
        f"  {'Errors at 2× load (mixed pages)':{w}s} {over.errors:8d}{'':14s} of {over.requests:5d} requests  "
        f"{'':6s} {'0':14s} {verdict(over.errors == 0 and over.requests > 0)}"
    )
    out(
        f"  {'':{w}s} ({2 * args.connections} connections, dashboard/record/POST/B1 in turn, {over.rps:.1f} req/s, "
        f"p95 {over.p95_ms:.0f} ms)"
    )
    dash_a, dash_b, _ = counts["dashboard"]
    out(
        f"  {'Dashboard queries':{w}s} {dash_a:8d} / {dash_b:<3d}{'':10s} size A / B  {'':9s}"
        f"{f'≤ {DASHBOARD_MAX_QUERIES}, A = B':14s} {verdict(dash_a == dash_b and dash_b <= DASHBOARD_MAX_QUERIES)}"
    )
    out()
    out("Other pages (bench/extra_pages.py; ≥ 0.5 × B1 unless the README says why)")
    for row in extra_pages.ROWS:
        r = results[row.name]
        ratio = r.rps / b1.rps
        a, b, _ = counts[row.name]
        extra = f"  ({r.errors} wrong answers)" if r.errors else ""
        out(
            f"  {row.label:{w}s} {r.rps:8.1f} req/s {spread_text(runs[row.name]):>5s}  B1 {b1.rps:5.1f} req/s  "
            f"{ratio:5.2f}×   {f'≥ {row.target:.2f} × B1':14s} "
            f"{ratio_verdict(ratio >= row.target and not r.errors and a == b)}   queries {a} / {b}{extra}"
        )
    out()
    out(f"Query counts per request, at two data sizes ({counts_note})")
    out(f"  {'page':{w}s} {'size A':>8s} {'size B':>7s}   result   (of which BEGIN/COMMIT)")
    labels = LABELS | {row.name: row.label for row in extra_pages.ROWS}
    for name, (a, b, control) in counts.items():
        out(f"  {labels[name]:{w}s} {a:8d} {b:7d}   {verdict(a == b)}     ({control})")
    out("  Counted as Django's test helpers count them: every statement sent, BEGIN and COMMIT included.")
    out()
    out(
        "Latency at peak throughput, p50 / p95 ms: "
        + ", ".join(
            f"{n.upper() if n in ('b0', 'b1') else n} {results[n].p50_ms:.0f} / {results[n].p95_ms:.0f}"
            for n in ("b0", "b1", "dashboard", "record", "post", *(row.name for row in extra_pages.ROWS))
        )
    )
    out("Absolute numbers depend on the machine and its other load; the budgets are the ratios to B1 of this run.")


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def run_pages(env: dict[str, str], args, context: str) -> None:
    """The page figures: throughput against B0/B1, latency, overload and query counts."""
    counts, counts_note, sql = query_counts()
    port = free_port()
    proc = start_gunicorn(env, port, args.workers)
    try:
        rep, compliance = sign_in(port, REP), sign_in(port, COMPLIANCE)
        targets = build_targets(port, rep, compliance)
        check_targets(port, targets)
        out(f"gunicorn up on 127.0.0.1:{port}; signed in as {REP} and {COMPLIANCE}; measuring …")
        loadavg = load_average()
        results = measure(port, targets, args)
        results["loadavg"] = loadavg
        results["sessions"] = (
            f"cache (Redis at {env['REDIS_URL']})" if env.get("REDIS_URL")
            else "database (no Redis answered at BENCH_REDIS_URL)"
        )
        # The sessions must still be signed in, or the pages measured were something else.
        check_targets(port, targets)
    finally:
        stop_gunicorn(proc)
    report(results, counts, counts_note, args, f"data: {context}")
    if args.show_queries:
        out()
        labels = LABELS | {row.name: row.label for row in extra_pages.ROWS}
        for name, queries in sql.items():
            out(f"SQL of {labels[name]} (size A):")
            for i, query in enumerate(queries, 1):
                # Session keys and data are secrets even in a bench database: leave long literals out.
                shown = re.sub(r"'[^']{16,}'", "'…'", query)
                out(f"  {i:2d}. {shown[:240]}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    try:
        prepare_database(database_url, fresh=args.fresh)
        env = production_env(database_url)
        setup_django(env)
        context = migrate_and_seed(args.reps)
        out(f"Database ready: {context}.")
        if "pages" in args.sections:
            run_pages(env, args, context)
        ctx = sections.SectionContext(args=args, env=env, out=out)
        for name in args.sections:
            if name != "pages":
                out()
                sections.run_section(name, ctx)
    except BenchError as exc:
        out(f"bench: {exc}")
        return 2
    out(f"Whole run: {time.monotonic() - started:.0f} s.")
    return 0
