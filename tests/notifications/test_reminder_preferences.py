"""Reminder preferences in My Account: per optional kind the channel (email, text, inbox only) and
extra reminder days, honoured by notify(); regulatory messages cannot be turned off."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications import sms
from notifications.choices import Channel, NotificationStatus
from notifications.models import ReminderPreference
from notifications.services import notify
from tests.factories import ProfileFactory, ReminderPreferenceFactory

pytestmark = pytest.mark.django_db


def _report_ready(user):
    return notify(kind="report_ready", address=user.email, recipient=user, context={
        "first_name": "Dana", "report": "CE Status", "firm_name": "Summit", "rows": 3, "days": 7,
        "link": "https://finpro.example/firm/1/reports/runs/1/"})


def test_inbox_only_writes_the_message_without_sending_it(rep, django_capture_on_commit_callbacks):
    ReminderPreferenceFactory(user=rep, kind="report_ready", channel="inbox")
    with django_capture_on_commit_callbacks(execute=True):
        sent = _report_ready(rep)
    assert sent.channel == Channel.INBOX and sent.status == NotificationStatus.SENT
    assert not mail.outbox


def test_text_goes_to_the_personal_phone_without_the_link(rep, django_capture_on_commit_callbacks):
    ProfileFactory(user=rep, personal_phone="+12125550177")
    ReminderPreferenceFactory(user=rep, kind="report_ready", channel="sms")
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = _report_ready(rep)
    assert sent.channel == Channel.SMS and sent.address == "+12125550177"
    assert "inbox" in sent.body_text and "https://" not in sent.body_text and sent.message_code in sent.body_text
    assert not mail.outbox and sms.outbox[-1]["to"] == "+12125550177"


def test_regulatory_messages_ignore_preferences(rep, django_capture_on_commit_callbacks):
    ReminderPreferenceFactory(user=rep, kind="test_message", channel="inbox")
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify(kind="test_message", address=rep.email, recipient=rep, context={"name": "Dana"})
    assert sent.channel == Channel.EMAIL and len(mail.outbox) == 1


def test_the_page_saves_choices_and_says_which_messages_cannot_be_turned_off(rep_client, rep):
    page = rep_client.get(reverse("reminder_preferences"))
    assert page.status_code == 200 and "Messages that are always sent" in page.content.decode()
    response = rep_client.post(reverse("reminder_preferences"), {
        "report_ready-channel": "sms", "report_ready-days": "45, 10"})
    assert response.status_code == 302
    saved = {p.kind: (p.channel, p.extra_days) for p in ReminderPreference.objects.filter(user=rep)}
    assert saved == {"report_ready": ("sms", [45, 10])}


def test_nonsense_days_are_a_field_error_and_nothing_is_saved(rep_client, rep):
    response = rep_client.post(reverse("reminder_preferences"), {
        "report_ready-channel": "carrier pigeon", "report_ready-days": "soon"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter whole numbers of days" in text and "Select a valid choice" in text
    assert not ReminderPreference.objects.exists()
