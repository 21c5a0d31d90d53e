"""The development mailbox: every email and text FinPro sent, readable in the browser.
Mounted only when settings.DEV_MAILBOX is on (DEBUG by default)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import Notification


def _require_enabled():
    from django.conf import settings

    if not settings.DEV_MAILBOX:
        raise Http404


def mailbox(request):
    _require_enabled()
    outbox = Notification.objects.only(
        "pk", "address", "channel", "kind", "subject", "status", "created_at"
    )[:200]
    return render(request, "notifications/mailbox.html", {"outbox": outbox})


def mailbox_message(request, pk: int):
    _require_enabled()
    message = get_object_or_404(Notification, pk=pk)
    return render(request, "notifications/message.html", {"message": message})
