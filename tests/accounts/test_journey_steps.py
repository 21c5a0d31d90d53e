"""One step indicator for the whole sign-up journey: privacy → profile → activation → password →
security questions → identity, counted the same way on each page."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import VerifiedRepFactory

from .conftest import profile_data

pytestmark = pytest.mark.django_db


def step_of(response) -> str:
    match = re.search(r'class="step">([^<]+)<', response.content.decode())
    assert match, "no step indicator"
    return " ".join(match.group(1).split())


def test_every_page_of_sign_up_counts_six_steps_in_order(client, person, deliver):
    assert step_of(client.get(reverse("accounts:privacy"))).endswith("Step 1 of 6 · Privacy Statement")
    client.post(reverse("accounts:privacy"), {"acknowledge": "on"})
    assert step_of(client.get(reverse("accounts:create_profile"))).endswith("Step 2 of 6 · Create Profile")
    with deliver():
        created = client.post(reverse("accounts:create_profile"), profile_data())
    assert step_of(client.get(created.url)).endswith("Step 3 of 6 · Activate your account")
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    assert step_of(client.get(link)).endswith("Step 4 of 6 · Set your password")
    password = "a long walk by the quiet river"
    client.post(link, {"new_password": password, "confirm_password": password})
    client.force_login(User.objects.get(username="jose.avila"))
    page = client.get(reverse("accounts:security_questions"))
    assert step_of(page).endswith("Step 5 of 6 · Security questions")
    assert 'aria-current="step"' in page.content.decode()


def test_identity_verification_is_the_last_step(client, db):
    user = VerifiedRepFactory(identity_verified_at=None)
    from accounts import services

    services.security_questions_set(user=user, answers=[("first_pet", "a"), ("first_car", "b"),
                                                        ("high_school_city", "c")])
    client.force_login(user)
    response = client.get(reverse("identity:start"), follow=True)
    assert step_of(response).endswith("Step 6 of 6 · Verify your identity")


def test_changing_security_questions_later_is_not_a_sign_up_step(client, rep):
    client.force_login(rep)
    page = client.get(reverse("accounts:security_questions")).content.decode()
    assert "Security Questions" in page and 'class="step"' not in page
