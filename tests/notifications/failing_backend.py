from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """An SMTP relay that is down: every send raises, as a real refused connection does."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("relay unavailable")
