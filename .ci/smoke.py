"""A running FinPro, checked from outside as a browser would: pages, sign-in, dashboard.

    python3 .ci/smoke.py --base http://127.0.0.1:8123 [--https-proxy HOST] [--wait 180]

Standard library only, so it runs before and without the project's virtualenv. With
--https-proxy it behaves like the TLS proxy in front of a production server (Host header,
X-Forwarded-Proto: https) and also checks the security headers. Exits non-zero, saying what
failed, when any step fails.
"""

from __future__ import annotations

import argparse
import http.client
import re
import sys
import time
import urllib.parse

DEMO_USER, DEMO_PASSWORD = "dana.rep", "FinPro-demo-2026"
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "script-src 'self'",
}


class SmokeFailure(Exception):
    pass


class Client:
    """One browser: keeps cookies (secure ones too, since the proxy speaks https for us)."""

    def __init__(self, base: str, https_host: str | None):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.https_host = https_host
        self.cookies: dict[str, str] = {}

    def origin(self) -> str:
        return f"https://{self.https_host}" if self.https_host else f"http://{self.host}:{self.port}"

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, str]:
        headers = {"User-Agent": "finpro-smoke/1"}
        if self.https_host:
            headers |= {"Host": self.https_host, "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers |= {"Content-Type": "application/x-www-form-urlencoded",
                        "Origin": self.origin(), "Referer": self.origin() + path}
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def get(self, path: str, *, expect: int = 200) -> tuple[dict, str]:
        status, headers, text = self.request("GET", path)
        if status != expect:
            raise SmokeFailure(f"GET {path}: {status}, expected {expect}\n{text[:800]}")
        return headers, text


def wait_until_up(client: Client, seconds: int) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            status, _, text = client.request("GET", "/")
        except OSError:  # not listening yet
            pass
        else:
            if status != 200:  # up, but broken: no point in waiting
                raise SmokeFailure(f"GET /: {status}, expected 200\n{text[:800]}")
            return
        if time.monotonic() > deadline:
            raise SmokeFailure(f"nothing answered 200 on / within {seconds} s")
        time.sleep(1)


def check_security_headers(path: str, headers: dict) -> None:
    for name, expected in SECURITY_HEADERS.items():
        value = headers.get(name.lower(), "")
        if expected not in value:
            raise SmokeFailure(f"{path}: header {name} is {value!r}, expected it to contain {expected!r}")


def sign_in_and_open_dashboard(client: Client) -> None:
    _, page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not token:
        raise SmokeFailure("the sign-in page has no CSRF token")
    status, headers, text = client.request("POST", "/accounts/login/", {
        "csrfmiddlewaretoken": token.group(1), "login": DEMO_USER, "password": DEMO_PASSWORD})
    if status != 302:
        raise SmokeFailure(f"signing in as {DEMO_USER}: {status}, expected a redirect\n{text[:800]}")
    headers, page = client.get("/")
    if "My Task" not in page or "Sign out" not in page:
        raise SmokeFailure(f"the signed-in dashboard does not show My Task list and Sign out\n{page[:800]}")
    if "no-store" not in headers.get("cache-control", ""):
        raise SmokeFailure("the dashboard shows a person's data but may be cached (no Cache-Control: no-store)")


def run(base: str, https_host: str | None, wait: int) -> list[str]:
    client = Client(base, https_host)
    done = []
    wait_until_up(client, wait)
    headers, home = client.get("/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home)
    if not stylesheet:
        raise SmokeFailure("the home page links no stylesheet")
    done.append("home page 200")
    login_headers, _ = client.get("/accounts/login/")
    done.append("sign-in page 200")
    _, css = client.get(stylesheet.group(1))
    if "{" not in css:
        raise SmokeFailure(f"{stylesheet.group(1)} is not a stylesheet")
    done.append(f"static file {stylesheet.group(1)} 200")
    _, health = client.get("/healthz?format=json")
    if '"Database' not in health and "database" not in health.lower():
        raise SmokeFailure(f"/healthz does not report the database: {health[:300]}")
    done.append("/healthz 200")
    if https_host:
        for path, found in (("/", headers), ("/accounts/login/", login_headers)):
            check_security_headers(path, found)
        done.append("security headers present")
    sign_in_and_open_dashboard(client)
    done.append(f"signed in as {DEMO_USER}, dashboard 200")
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--https-proxy", metavar="HOST", help="act as the TLS proxy for HOST")
    parser.add_argument("--wait", type=int, default=180, help="seconds to wait for the server")
    args = parser.parse_args()
    try:
        for line in run(args.base, args.https_proxy, args.wait):
            print(f"  ok  {line}")
    except SmokeFailure as failure:
        print(f"SMOKE FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
