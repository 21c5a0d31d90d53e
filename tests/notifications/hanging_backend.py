import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class HangingBackend(BaseEmailBackend):
    """An SMTP relay that never answers: marks that a send began, then hangs (the test kills the worker)."""

    def send_messages(self, email_messages):
        Path(os.environ["HANG_MARKER"]).write_text("sending")
        time.sleep(600)
        return 0
