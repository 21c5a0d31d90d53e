"""The finish of the first pages, as people see them (issue 11's visual pass): what is on the
page and what is not. Layout itself (overflow at 390 px) is checked in tests/e2e/test_every_page.py."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_sign_in_has_one_forgot_password_labels_without_colons_and_no_header_sign_in(client):
    page = client.get(reverse("account_login")).content.decode()
    assert page.count("Forgot password?") == 1 and "Forgot your password?" not in page
    labels = re.findall(r"<label[^>]*>(.*?)</label>", page, re.S)
    assert labels and not [label for label in labels if label.strip().endswith(":")]
    header = re.search(r'<header class="topbar">(.*?)</header>', page, re.S).group(1)
    assert "Sign in" not in header
    sign_in = re.search(r'<button type="submit"[^>]*>\s*Sign In', page).group(0)
    google = re.search(r'<button type="submit"[^>]*>\s*Continue with Google', page).group(0)
    assert "button-quiet" not in sign_in and "button-quiet" in google  # Sign In primary, Google secondary


def test_other_pages_keep_the_header_sign_in(client):
    header = re.search(r'<header class="topbar">(.*?)</header>', client.get("/").content.decode(), re.S).group(1)
    assert "Sign in" in header


def test_set_password_does_not_offer_to_create_an_account(client, person, acknowledged, deliver):
    from django.core import mail

    from .conftest import profile_data

    with deliver():
        acknowledged.post(reverse("accounts:create_profile"), profile_data())
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page = client.get(link).content.decode()
    assert "Set your password" in page and "Create Account Here" not in page


@pytest.mark.parametrize(("user_agent", "label"), [
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
     "Chrome on Linux"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
     "Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iPhone"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on macOS"),
    ("", "Unknown browser"),
])
def test_sign_ins_are_described_in_words(user_agent, label):
    from accounts.selectors import device_label

    assert device_label(user_agent) == label


def test_my_account_shows_recent_sign_ins_in_words_with_us_spelling(client, rep):
    from accounts.models import SignInEvent

    SignInEvent.objects.create(user=rep, ip_address="203.0.113.9", method="password",
                               user_agent="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                          "Chrome/131.0.0.0 Safari/537.36")
    client.force_login(rep)
    page = client.get(reverse("my_account")).content.decode()
    assert "Chrome on Linux · 203.0.113.9 · Password" in page
    assert "AppleWebKit" not in page
    assert "recognize" in page and "recognise" not in page


def _recent_reauthentication(client):
    """allauth asks for the password again before MFA pages: give it, as a person would."""
    response = client.post("/accounts/reauthenticate/", {"password": "correct horse battery staple"})
    assert response.status_code == 302


@pytest.mark.parametrize(("url", "heading"), [
    ("/accounts/2fa/", "Two-factor authentication"),
    ("/accounts/2fa/totp/activate/", "Activate authenticator app"),
    ("/accounts/password/change/", "Change password"),
])
def test_allauth_pages_use_sentence_case_our_buttons_and_lead_back_to_my_account(client, rep, url, heading):
    client.force_login(rep)
    _recent_reauthentication(client)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    h1 = " ".join(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1).split())
    assert h1 == heading
    assert f'href="{reverse("my_account")}">← Back to My Account' in page
    labels = re.findall(r"<label[^>]*>(.*?)</label>", page, re.S)
    assert not [label for label in labels if label.strip().endswith(":")]


def test_the_reauthentication_page_leads_back_to_my_account(client, rep):
    client.force_login(rep)
    response = client.get("/accounts/2fa/totp/activate/", follow=True)
    page = response.content.decode()
    assert "Confirm access" in page and "← Back to My Account" in page


def test_sentence_case_keeps_acronyms_and_names():
    from accounts.templatetags.finpro_text import sentence_case

    assert sentence_case("Two-Factor Authentication") == "Two-factor authentication"
    assert sentence_case(" Manage  Email Addresses ") == "Manage email addresses"
    assert sentence_case("Connect Google Or TOTP") == "Connect Google or TOTP"
