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


# --- The person's inbox (/inbox/) ------------------------------------------------------------


INBOX_PAGE_SIZE = 25


def _inbox_views():
    from django.contrib.auth.decorators import login_required
    from django.core.paginator import Paginator
    from django.views.decorators.cache import never_cache

    from . import inbox as inbox_reads

    @login_required
    @never_cache
    def inbox(request):
        """Every email and text FinPro sent this account, newest first, with its message code."""
        page = Paginator(inbox_reads.inbox_for(user=request.user), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "inbox/index.html", {"page": page})

    @login_required
    @never_cache
    def inbox_message(request, pk: int):
        """One message as it was sent; opening it marks it read. Another person's message is a 404."""
        message = inbox_reads.inbox_message_for(user=request.user, pk=pk)
        if message is None:
            raise Http404("No such message.")
        inbox_reads.inbox_message_read(user=request.user, notification=message)
        return render(request, "inbox/message.html", {"message": message})

    return inbox, inbox_message


inbox, inbox_message = _inbox_views()


def _preferences_view():
    from django.contrib import messages
    from django.contrib.auth.decorators import login_required
    from django.shortcuts import redirect
    from django.views.decorators.cache import never_cache
    from django.views.decorators.http import require_http_methods

    from . import inbox as reads
    from .choices import REGULATORY_MESSAGES
    from .forms import ReminderPreferencesForm

    @login_required
    @never_cache
    @require_http_methods(["GET", "POST"])
    def reminder_preferences(request):
        """My Account: how optional messages reach the person; which messages always do."""
        form = ReminderPreferencesForm(request.POST or None,
                                       preferences=reads.reminder_preferences_for(user=request.user))
        if request.method == "POST" and form.is_valid():
            reads.reminder_preferences_set(user=request.user, choices=form.choices())
            messages.success(request, "Reminder preferences saved.")
            return redirect("reminder_preferences")
        return render(request, "inbox/preferences.html", {"form": form, "regulatory": REGULATORY_MESSAGES},
                      status=400 if form.errors else 200)

    return reminder_preferences


reminder_preferences = _preferences_view()
