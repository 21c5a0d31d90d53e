"""SMS and voice backends. settings.SMS_BACKEND picks one; a real gateway is one more class."""

import json
import logging
import threading
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

outbox: list[dict] = []  # the locmem backend's messages, for tests
_lock = threading.Lock()


class BaseBackend:
    def send(self, *, to: str, body: str, channel: str = "sms") -> None:
        raise NotImplementedError


logger = logging.getLogger("finpro.sms")


class ConsoleBackend(BaseBackend):
    """Writes the message to the log (development), through the redacting filter like every
    log line: the passcode itself shows as [redacted-code]; read it on the development mailbox."""

    def send(self, *, to, body, channel="sms"):
        logger.info("[%s to ***%s] %s", channel.upper(), str(to)[-4:], body)


class FileBackend(BaseBackend):
    """Appends one JSON line per message to a file under SMS_FILE_PATH."""

    def send(self, *, to, body, channel="sms"):
        path = Path(settings.SMS_FILE_PATH)
        path.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"to": to, "body": body, "channel": channel, "at": timezone.now().isoformat()})
        with _lock, (path / "messages.jsonl").open("a") as fh:
            fh.write(line + "\n")


class LocmemBackend(BaseBackend):
    """Keeps messages in notifications.sms.outbox (tests)."""

    def send(self, *, to, body, channel="sms"):
        with _lock:
            outbox.append({"to": to, "body": body, "channel": channel})


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()
