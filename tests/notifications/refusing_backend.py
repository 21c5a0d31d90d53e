from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    """A relay that refuses one address (as a server answers 550) and takes every other."""

    REFUSED = "refused@mail.example"

    def send_messages(self, messages):
        for message in messages:
            if self.REFUSED in message.to:
                raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)
