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
