"""An independent client of the OpenAPI document: schemathesis generates requests for every
operation (bounded: 20 examples each) with a valid key and checks the answers against the
document: no 5xx, every status, content type, header and body as documented."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from tests.factories import ApiKeyFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db

schema = schemathesis.pytest.from_fixture("api_schema")

CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance, checks.response_headers_conformance, checks.ignored_auth,
          checks.positive_data_acceptance]


@pytest.fixture
def api_schema(db, settings):
    """The document as the app serves it, called in-process over WSGI. As Django's own test
    client does, the end of a request does not close the connection holding the test's
    transaction."""
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def good_key(firm, person, filing, notification):
    WebhookEndpointFactory(firm=firm)
    return ApiKeyFactory(firm=firm).plain_key


@schema.parametrize()
@hypothesis_settings(max_examples=20, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_the_api_keeps_to_its_openapi_document(case, good_key):
    # Unknown query parameters are ignored, as HTTP APIs commonly do, so schemathesis's
    # "negative data must be rejected" check is left out; everything about the answers is kept.
    case.call_and_validate(headers={"Authorization": f"Bearer {good_key}"}, checks=CHECKS)
