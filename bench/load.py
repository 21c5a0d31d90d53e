"""Load generators on loopback: wrk (throughput) when installed, else a Python client, and a
paced Python client for latency at a fixed rate. Every loop is bounded in requests and time
and only ever talks to 127.0.0.1."""

from __future__ import annotations

import http.client
import itertools
import json
import math
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Target:
    """One request and the answer that counts as a success."""

    name: str
    path: str
    method: str = "GET"
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    expect_status: int = 200
    expect_location: str = ""  # for redirects: the Location must start with this


@dataclass
class Result:
    requests: int
    seconds: float
    errors: int
    latencies_ms: list = field(default_factory=list)
    p50_ms: float = math.nan
    p95_ms: float = math.nan
    p99_ms: float = math.nan
    tool: str = "python"
    note: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
    return ordered[rank]


def _summarise(result: Result) -> Result:
    result.p50_ms = percentile(result.latencies_ms, 50)
    result.p95_ms = percentile(result.latencies_ms, 95)
    result.p99_ms = percentile(result.latencies_ms, 99)
    return result


class Client:
    """A keep-alive HTTP/1.1 connection to 127.0.0.1 (reconnects when the server closes it,
    as gunicorn's sync workers do after every response)."""

    def __init__(self, port: int, timeout: float = 10.0):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)

    def send(self, target: Target) -> tuple[int, str, bytes]:
        headers = {"Connection": "keep-alive", **target.headers}
        if target.body:
            headers.setdefault("Content-Length", str(len(target.body)))
        try:
            self.conn.request(target.method, target.path, body=target.body or None, headers=headers)
            response = self.conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        if response.will_close:
            self.conn.close()
        return response.status, response.getheader("Location", ""), body

    def ok(self, target: Target) -> bool:
        status, location, _ = self.send(target)
        return status == target.expect_status and location.startswith(target.expect_location)

    def close(self) -> None:
        self.conn.close()


def closed_loop(port: int, targets: list[Target], *, connections: int, max_requests: int, max_seconds: float) -> Result:
    """`connections` threads, each sending the next request as soon as its last one is answered,
    cycling through `targets`; stops after `max_requests` or `max_seconds`."""
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    deadline = time.monotonic() + max_seconds

    def worker():
        client = Client(port)
        mine, bad = [], 0
        while time.monotonic() < deadline:
            i = next(counter)
            if i >= max_requests:
                break
            target = targets[i % len(targets)]
            started = time.perf_counter()
            try:
                good = client.ok(target)
            except (OSError, http.client.HTTPException):
                good = False
            mine.append((time.perf_counter() - started) * 1000)
            bad += not good
        client.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max_seconds + 30)
    seconds = time.monotonic() - started
    return _summarise(Result(requests=len(latencies), seconds=seconds, errors=errors[0], latencies_ms=latencies))


def paced(port: int, target: Target, *, rate: float, count: int, threads: int, max_seconds: float) -> Result:
    """Open-loop at `rate` requests per second: request i is due at start + i/rate. Latency is
    measured from the due time, so a request that waited for a free client thread counts its
    wait too (no coordinated omission). `note` also reports the service time p95."""
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    service: list[float] = []
    errors = [0]
    start = time.perf_counter() + 0.05
    deadline = time.monotonic() + max_seconds

    def worker():
        client = Client(port)
        mine, mine_service, bad = [], [], 0
        while time.monotonic() < deadline:
            i = next(counter)
            if i >= count:
                break
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            sent = time.perf_counter()
            try:
                good = client.ok(target)
            except (OSError, http.client.HTTPException):
                good = False
            done = time.perf_counter()
            mine.append((done - due) * 1000)
            mine_service.append((done - sent) * 1000)
            bad += not good
        client.close()
        with lock:
            latencies.extend(mine)
            service.extend(mine_service)
            errors[0] += bad

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(max_seconds + 30)
    seconds = time.perf_counter() - start
    result = _summarise(Result(requests=len(latencies), seconds=seconds, errors=errors[0], latencies_ms=latencies))
    result.note = f"service-time p95 {percentile(service, 95):.1f} ms"
    return result


# --- wrk ----------------------------------------------------------------------------------------

WRK_SCRIPT = """
wrk.method = {method}
wrk.body = {body}
{headers}
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) good = 0; bad = 0 end
function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  if status == {status} and string.sub(location, 1, {location_len}) == {location} then
    good = good + 1
  else
    bad = bad + 1
  end
end
function done(summary, latency, requests)
  local g, b = 0, 0
  for _, t in ipairs(threads) do g = g + t:get("good"); b = b + t:get("bad") end
  local e = summary.errors
  io.write(string.format(
    'BENCH {{"requests": %d, "duration_us": %d, "socket_errors": %d, "good": %d, "bad": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d}}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, g, b,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _lua(value: str) -> str:
    """A Lua long-bracket string literal (no escaping rules to get wrong)."""
    level = 1
    while f"]{'=' * level}]" in value:
        level += 1
    eq = "=" * level
    return f"[{eq}[{value}]{eq}]"


def wrk_path() -> str | None:
    return shutil.which("wrk")


def wrk(port: int, target: Target, *, connections: int, seconds: float) -> Result:
    """wrk for `seconds` (whole seconds, at least 1) with `connections` connections on one
    thread; a response counts only if its status (and redirect target) is the expected one."""
    headers = "\n".join(f"wrk.headers[ {_lua(k)} ] = {_lua(v)}" for k, v in target.headers.items())
    script = WRK_SCRIPT.format(
        method=_lua(target.method),
        body=_lua(target.body.decode()) if target.body else "nil",
        headers=headers,
        status=target.expect_status,
        location=_lua(target.expect_location),
        location_len=len(target.expect_location),
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
        script_path = fh.name
    try:
        duration = max(1, round(seconds))
        proc = subprocess.run(  # noqa: S603 (fixed argv: wrk on 127.0.0.1)
            [
                wrk_path() or "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "5s",
                "-s",
                script_path,
                f"http://{HOST}:{port}{target.path}",
            ],
            capture_output=True,
            text=True,
            timeout=duration + 30,
            check=False,
        )
    finally:
        os.unlink(script_path)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
    data = json.loads(line[len("BENCH ") :])
    seconds_run = data["duration_us"] / 1e6
    return Result(
        requests=data["requests"],
        seconds=seconds_run,
        errors=data["bad"] + data["socket_errors"],
        tool="wrk",
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
    )


def throughput(
    port: int, target: Target, *, connections: int, seconds: float, max_requests: int, client: str = "auto"
) -> Result:
    """Peak throughput of one target: wrk when installed (client "auto") or asked for ("wrk"),
    else the Python closed-loop client."""
    if client == "wrk" or (client == "auto" and wrk_path()):
        return wrk(port, target, connections=connections, seconds=seconds)
    return closed_loop(port, [target], connections=connections, max_requests=max_requests, max_seconds=seconds)
