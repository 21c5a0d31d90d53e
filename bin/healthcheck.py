"""The container health check: GET /healthz on this machine as the proxy would send it.

    python bin/healthcheck.py        # exit 0 when /healthz answers 200, 1 otherwise

Standard library only (it runs every few seconds; loading Django each time would be wasteful).
The request carries a Host from ALLOWED_HOSTS and X-Forwarded-Proto: https, so it passes with
the real ALLOWED_HOSTS and SECURE_SSL_REDIRECT of a production server.
"""

import http.client
import os
import sys


def main() -> int:
    hosts = [h.strip().lstrip(".") for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = next((h for h in hosts if h != "*"), "localhost")
    port = int(os.environ.get("PORT", "8000"))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", "/healthz?format=json", headers={"Host": host, "X-Forwarded-Proto": "https"})
        status = conn.getresponse().status
    except OSError as exc:
        print(f"healthcheck: {exc}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    if status != 200:
        print(f"healthcheck: /healthz answered {status}", file=sys.stderr)
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
