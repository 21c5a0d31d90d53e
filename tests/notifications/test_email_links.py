"""Every emailed link starts with SITE_URL, whatever Host header the request that caused the
email carried, and whether a page or a worker sent it (finpro.links)."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.test import RequestFactory

from accounts import services as account_services
from accounts.choices import SIGN_IN_FREE_FAILURES, EmailKind
from accounts.views import link_base
from finpro.support_groups import AGENT
from firmsettings import services as firm_services
from identity import services as identity_services
from notifications.models import Notification
from notifications.services import notify
from tests import factories

pytestmark = pytest.mark.django_db

SITE = "https://finpro.example.org"
FORGED_HOST = "attacker.example"
URL = re.compile(r"""https?://[^\s"'<>]+""")
EMAIL_KINDS = {path.name.removesuffix("_subject.txt")
               for path in (Path(django_settings.BASE_DIR) / "templates" / "emails").glob("*_subject.txt")}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, FORGED_HOST]


def _links(notification: Notification) -> list[str]:
    return URL.findall(notification.body_text) + URL.findall(notification.body_html)


def _send_every_kind(client):
    rep = factories.VerifiedRepFactory(username="link.checker", email="link.checker@mail.example")
    factories.ProfileFactory(user=rep)
    forged = RequestFactory().get("/", HTTP_HOST=FORGED_HOST)

    # Pages: the request's Host header is the forged one.
    client.post("/accounts/forgot-password/", {"identifier": "link.checker"}, HTTP_HOST=FORGED_HOST)
    client.post("/accounts/forgot-user-id/", {"email": "link.checker@mail.example"}, HTTP_HOST=FORGED_HOST)
    # Services that pages call with link_base(request).
    new = factories.UserFactory(username="new.person", individual=factories.IndividualFactory())
    account_services._send_activation(user=new, link_base=link_base(forged))
    account_services.email_change_request(user=rep, kind=EmailKind.values[0], new_email="new.address@mail.example",
                                          link_base=link_base(forged))
    [confirm] = _links(Notification.objects.get(kind="email_change_confirm"))
    account_services.email_change_confirm(raw=confirm.rstrip("/").rsplit("/", 1)[-1])
    # Services with no request at all (a worker, the admin).
    firm = factories.FirmFactory()
    sent = firm_services.invitation_send(firm=firm, email="invitee@mail.example", role="viewer", invited_by=rep)
    stranger = factories.VerifiedRepFactory(username="not.invited", email="not.invited@mail.example")
    with pytest.raises(firm_services.InvitationError):
        firm_services.invitation_accept(token=sent.token, user=stranger)  # the inviter is told
    unverified = factories.UserFactory(username="to.verify", individual=factories.IndividualFactory(),
                                       email="to.verify@mail.example")
    identity_services.identity_verify(user=unverified)
    by_phone = factories.UserFactory(username="by.phone", individual=factories.IndividualFactory(),
                                     email="by.phone@mail.example")
    agent = factories.UserFactory(is_staff=True, username="link.agent")
    agent.groups.add(Group.objects.get(name=AGENT))
    identity_services.identity_verify_manually(user=by_phone, by=agent, reason="Verified on a call",
                                               call_reference="CALL-1")
    for _ in range(SIGN_IN_FREE_FAILURES):
        account_services.sign_in_failure_record(username="link.checker")
    notify(kind="test_message", address="someone@mail.example", context={"name": "Someone"})
    _send_u4_kinds(firm=firm, rep=rep)
    _send_ce_kinds(firm=firm, rep=rep)
    _send_api_kinds(firm=firm)
    _send_exam_kinds(firm=firm, rep=rep, by=agent)
    _send_report_kinds(firm=firm)
    _send_u5_and_program_kinds()


def _send_u4_kinds(*, firm, rep):
    """Form U4: rep edits allowed, signature requested (to the person), signed (to the firm user)."""
    from tests.u4.conftest import complete_content, save_all
    from u4 import services as u4_services

    factories.FirmSettingsFactory(firm=firm, esignature_employees=True)
    casey = factories.UserFactory(username="casey.links", email="casey@firm.example")
    filing = u4_services.filing_create(firm=firm, user=casey, individual=rep.individual)
    u4_services.filing_allow_rep_edits(filing=filing, sections=["general"], user=casey)
    u4_services.filing_withdraw_rep_edits(filing=filing, user=casey)
    first, last = rep.individual.first_name, rep.individual.last_name
    save_all(filing, casey, complete_content(first_name=first, last_name=last))
    u4_services.filing_send_for_signature(filing=filing, user=casey)
    u4_services.filing_sign(filing=filing, user=rep, signature_name=rep.individual.full_name, consent=True)
    _send_u4_amendment_kinds(filing=filing, casey=casey)


def _send_u4_amendment_kinds(*, filing, casey):
    """Form U4 amendment: acknowledgment of an amended disclosure requested (to the person)."""
    from django.utils import timezone

    from u4 import services as u4_services
    from u4.models import Filing
    from u4.sections import content_as_data

    Filing.objects.filter(pk=filing.pk).update(status="submitted", submitted_at=timezone.now())
    amendment = u4_services.amendment_create(filing=filing, user=casey, facts_date=timezone.localdate())
    disclosures = {**amendment.section("disclosures"), "q14L": "yes"}
    disclosures["rows"] = [*disclosures["rows"], {"question": "14L", "event_date": "2026-01-05", "summary": "Bond."}]
    amendment = u4_services.filing_section_save(filing=amendment, section="disclosures", user=casey,
                                                data=content_as_data("disclosures", disclosures), expected_version=0)
    u4_services.amendment_request_acknowledgment(filing=amendment, user=casey)


def _send_u5_and_program_kinds():
    """Form U5 filed (to the person); program enrolled, expiring and ended (to the participant)."""
    from programs import services as program_services
    from programs.models import Program
    from tests.programs.conftest import GOOD_CARD, terminated_person
    from tests.u5.conftest import file_full

    firm = factories.FirmFactory()
    person = factories.VerifiedRepFactory(username="u5.links", email="u5.links@mail.example")
    factories.AssociationFactory(individual=person.individual, firm=firm)
    factories.RegistrationFactory(individual=person.individual, firm=firm)
    file_full(firm, person, factories.UserFactory(username="u5.filer"))
    former = terminated_person()
    enrollment = program_services.enrollment_start(individual=former.individual, program=Program.objects.get(
        code="MQP"), email=former.email, email_confirmed=True, user=former)
    program_services.enrollment_pay(enrollment=enrollment, card=GOOD_CARD, user=former)
    program_services.programs_daily(today=enrollment.ends_on)
    program_services.enrollment_end(enrollment=enrollment, reason="missed_ce")


def test_every_email_kind_links_only_to_site_url(client):
    _send_every_kind(client)
    sent = set(Notification.objects.values_list("kind", flat=True))
    assert sent == EMAIL_KINDS, "an email kind is not covered here: add it to _send_every_kind"
    for notification in Notification.objects.all():
        links = _links(notification)
        assert all(link.startswith(SITE + "/") for link in links), (notification.kind, links)
        assert FORGED_HOST not in notification.body_text + notification.body_html


def test_links_carry_the_path_of_the_page_they_open(client):
    _send_every_kind(client)
    [reset] = _links(Notification.objects.get(kind="password_reset"))
    assert reset.startswith(f"{SITE}/accounts/forgot-password/")
    invitation = _links(Notification.objects.get(kind="firm_invitation"))[0]
    assert invitation.startswith(f"{SITE}/firm/invitations/")
    assert _links(Notification.objects.get(kind="u4_rep_edits_allowed"))[0].startswith(f"{SITE}/u4/")
    assert "/sign/" in _links(Notification.objects.get(kind="u4_signature_requested"))[0]
    assert _links(Notification.objects.get(kind="u4_signed"))[0].startswith(f"{SITE}/firm/")
    assert "/acknowledge/" in _links(Notification.objects.get(kind="u4_acknowledgment_requested"))[0]


# The CE emails are sent by a daily fan-out (ce/emails.py) and carry no link built in code: their
# templates link with {{ site_url }} only, which notify() fills from SITE_URL. They are written here
# through notify() with the context ce/emails.py gives them; a template of theirs that starts taking
# a link from the context must be sent through its service above instead.
CE_TEMPLATE_ONLY_KINDS = [
    "ce_reminder", "ce_reminder_firm_copy", "ce_status_change", "ce_status_change_firm_copy", "ce_terminated",
    "ce_terminated_firm_copy", "ce_iar_shortfall", "ce_iar_shortfall_firm_copy", "iar_ce_fee_balance_low",
]


def _send_ce_kinds(*, firm, rep):
    import datetime as dt

    context = {"first_name": "Dana", "year": 2026, "firm_name": firm.name, "due_date": dt.date(2026, 12, 31),
               "status_label": "CE Required", "person_name": "Dana Rivera", "crd_number": 7100001,
               "credits_short": 6, "amount": "$18.00"}
    for kind in CE_TEMPLATE_ONLY_KINDS:
        notify(kind=kind, address="someone@mail.example", context=context, firm=firm)


def test_the_ce_emails_take_no_link_from_their_context():
    emails = Path(django_settings.BASE_DIR) / "templates" / "emails"
    for kind in CE_TEMPLATE_ONLY_KINDS:
        for path in emails.glob(f"{kind}.*"):
            assert "{{ link" not in path.read_text(), path.name


def _send_api_kinds(*, firm):
    """Webhooks: an endpoint failing for days is disabled and the firm's admins are told."""
    import datetime as dt

    from django.utils import timezone

    from api import services as api_services
    from tests.firmsettings.factories import MembershipFactory

    MembershipFactory(firm=firm, role="admin", user=factories.UserFactory(username="api.admin",
                                                                          email="api.admin@firm.example"))
    endpoint = factories.WebhookEndpointFactory(firm=firm, url="http://127.0.0.1:9/nobody",
                                                failing_since=timezone.now() - dt.timedelta(days=30))
    delivery = factories.WebhookDeliveryFactory(endpoint=endpoint)
    api_services.webhook_delivery_attempt(delivery_id=delivery.pk)


def _send_exam_kinds(*, firm, rep, by):
    """Exams: booked, rescheduled, cancelled, reminder (to the person) and an extension decision."""
    import datetime as dt

    from django.utils import timezone

    from crd.models import Exam
    from exams import services as exam_services

    window = exam_services.window_open(individual=rep.individual, exam=Exam.objects.get(code="S7"), firm=firm)
    first = factories.ExamSessionFactory(starts_at=timezone.now() + dt.timedelta(days=10))
    second = factories.ExamSessionFactory(starts_at=timezone.now() + dt.timedelta(days=12))
    booked = exam_services.appointment_book(window=window, session=first)
    moved = exam_services.appointment_reschedule(appointment=booked, session=second)
    exam_services.appointment_remind(appointment_id=moved.pk)
    exam_services.appointment_cancel(appointment=moved)
    extension = factories.ExtensionRequestFactory(window=window)
    exam_services.extension_decide(request=extension, approve=False, by=by)


def _send_report_kinds(*, firm):
    """A report run finishing (in a worker: no request) tells who asked, with a link to the run page."""
    from reports.services import run_execute

    casey = factories.UserFactory(username="casey.reports", email="casey.reports@firm.example")
    run_execute(run_id=factories.ReportRunFactory(firm=firm, requested_by=casey).pk)


def test_the_report_email_links_to_the_run_page(client):
    _send_every_kind(client)
    [link] = _links(Notification.objects.get(kind="report_ready"))
    assert link.startswith(f"{SITE}/firm/") and "/reports/runs/" in link
