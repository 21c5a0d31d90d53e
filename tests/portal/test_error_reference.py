"""Only unexpected exceptions are logged as errors with a reference: a 404, a 403 or allauth's
re-authentication prompt is a page, not an error."""

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_page_that_asks_to_reauthenticate_logs_no_error(client, caplog, rep):
    client.force_login(rep)
    with caplog.at_level(logging.ERROR, logger="finpro.errors"):
        response = client.get(reverse("account:phones_edit"))
        missing = client.get("/record/attest/999999/")
    assert response.status_code == 302 and "reauthenticate" in response.url
    assert missing.status_code == 404
    assert [r for r in caplog.records if r.name == "finpro.errors"] == []
