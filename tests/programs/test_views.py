"""The program pages: the Reminders banner on the dashboard → Learn more → Continue → confirm
the email (and the EVEP risk) → Save and continue → the fee → enrolled; a declined card shows a
clear message and the flow resumes; someone not eligible gets no Continue and a refusal."""

import html

import pytest
from django.urls import reverse

from programs import services
from programs.models import Enrollment

from .conftest import terminated_person

pytestmark = pytest.mark.django_db

CARD = {"name": "Former Rep", "exp_month": 12, "exp_year": 2099, "cvc": "123"}


def test_banner_learn_more_continue_confirm_pay(client, former_rep):
    services.eligibility_refresh(individual=former_rep.individual)
    client.force_login(former_rep)
    dashboard = client.get("/").content.decode()
    assert "Reminders" in dashboard and "Maintaining Qualifications Program (MQP)" in dashboard
    learn = client.get(reverse("programs:learn_more", args=["mqp"])).content.decode()
    assert "You qualify because" in learn and reverse("programs:enroll", args=["mqp"]) in learn
    response = client.post(reverse("programs:enroll", args=["mqp"]), {"email": former_rep.email})
    assert response.status_code == 400 and "Confirm the email address" in response.content.decode()
    response = client.post(reverse("programs:enroll", args=["mqp"]),
                           {"email": former_rep.email, "email_confirmed": "on"})
    assert response["Location"] == reverse("programs:pay", args=["mqp"])
    declined = client.post(response["Location"], {**CARD, "number": "4000 0000 0000 0002"})
    assert declined.status_code == 400
    assert "Your card was declined." in declined.content.decode() and "not enrolled yet" in declined.content.decode()
    assert Enrollment.objects.get().status == "awaiting_payment"
    paid = client.post(reverse("programs:pay", args=["mqp"]), {**CARD, "number": "4242 4242 4242 4242"})
    assert paid["Location"] == reverse("programs:overview")
    page = client.get(paid["Location"]).content.decode()
    assert "Participating" in page and "$100.00" in page and "Go to this year" in page
    assert "Maintaining Qualifications Program (MQP)</strong>" not in client.get("/").content.decode()


def test_evep_shows_the_participating_jurisdictions_and_needs_the_acknowledgment(client, former_rep):
    client.force_login(former_rep)
    page = client.get(reverse("programs:enroll", args=["ag_evep"])).content.decode()
    assert "holds only in participating jurisdictions" in page and "New York" in page and "03/01/2025" in page
    response = client.post(reverse("programs:enroll", args=["ag_evep"]),
                           {"email": former_rep.email, "email_confirmed": "on"})
    assert response.status_code == 400 and "Acknowledge that the extension" in response.content.decode()
    response = client.post(reverse("programs:enroll", args=["ag_evep"]),
                           {"email": former_rep.email, "email_confirmed": "on", "risk_acknowledged": "on"})
    assert response.status_code == 302 and Enrollment.objects.get().risk_acknowledged_at


def test_not_eligible_sees_why_and_is_refused(client, rep):
    client.force_login(rep)
    page = html.unescape(client.get(reverse("programs:learn_more", args=["mqp"])).content.decode())
    assert "You don't qualify because" in page and reverse("programs:enroll", args=["mqp"]) not in page
    response = client.post(reverse("programs:enroll", args=["mqp"]), {"email": rep.email, "email_confirmed": "on"})
    assert response.status_code == 400 and not Enrollment.objects.exists()


def test_overview_lists_every_program_and_unknown_programs_are_404(client, former_rep):
    client.force_login(former_rep)
    page = client.get(reverse("programs:overview")).content.decode()
    assert page.count("Learn more") == 3
    assert client.get(reverse("programs:learn_more", args=["nope"])).status_code == 404


def test_another_persons_enrollment_is_not_shown(client, former_rep):
    other = terminated_person()
    services.enrollment_start(individual=other.individual, program=services.Program.objects.get(code="MQP"),
                              email=other.email, email_confirmed=True)
    client.force_login(former_rep)
    assert client.get(reverse("programs:pay", args=["mqp"]))["Location"] == reverse("programs:enroll", args=["mqp"])
