"""A real SMTP server that keeps nothing but counts: `python -m bench.smtp_sink PORT STATS_FILE`.

Every message accepted is counted, and its Message-ID remembered, so the bench can tell "every
row arrived once" from "some arrived twice". The counts are written to STATS_FILE (JSON) every
quarter second and once more on SIGTERM, then the server stops.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class CountingHandler:
    def __init__(self):
        self.received = 0
        self.ids: set[bytes] = set()
        self.first_at: float | None = None
        self.last_at: float | None = None

    async def handle_DATA(self, server, session, envelope):
        found = MESSAGE_ID.search(envelope.original_content or envelope.content)
        now = time.time()
        self.first_at = self.first_at or now
        self.last_at = now
        self.received += 1
        self.ids.add(found.group(1) if found else b"<none-%d>" % self.received)
        return "250 OK"

    def stats(self) -> dict:
        return {"received": self.received, "distinct": len(self.ids), "first_at": self.first_at,
                "last_at": self.last_at}


def main() -> int:
    port, stats_path = int(sys.argv[1]), sys.argv[2]
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port, data_size_limit=1_000_000)
    controller.start()
    stopping = threading.Event()

    def write():
        tmp = stats_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(handler.stats(), f)
        os.replace(tmp, stats_path)

    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    write()
    while not stopping.wait(0.25):
        write()
    controller.stop()
    write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
