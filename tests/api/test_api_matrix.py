"""The API's permission matrix, built from the served OpenAPI document: every operation ×
{no key, wrong key, revoked, expired, out of scope, another firm's key, the right key}. An
operation missing from OPERATIONS fails `test_every_operation_is_in_the_matrix`."""

import datetime as dt

import pytest
from django.utils import timezone

from api.choices import ApiScope
from tests.factories import ApiKeyFactory

pytestmark = pytest.mark.django_db

# operationId -> how to fill the path for an object of `firm` (None: no path parameters).
OPERATIONS = {
    "api_v1_list_people": None,
    "api_v1_get_person": lambda ctx: {"crd_number": ctx["person"].crd_number},
    "api_v1_get_person_ce": lambda ctx: {"crd_number": ctx["person"].crd_number},
    "api_v1_list_u4_filings": None,
    "api_v1_get_u4_filing": lambda ctx: {"filing_id": ctx["filing"].pk},
    "api_v1_list_u5_filings": None,
    "api_v1_get_u5_filing": lambda ctx: {"filing_id": ctx["u5_filing"].pk},
    "api_v1_list_notifications": None,
    "api_v1_list_webhook_endpoints": None,
}


def _operations(client):
    document = client.get("/api/v1/openapi.json").json()
    return {op["operationId"]: (path, method, op)
            for path, item in document["paths"].items() for method, op in item.items()}


def test_every_operation_is_in_the_matrix(client):
    assert set(_operations(client)) == set(OPERATIONS)


def test_every_operation_names_a_scope_and_documents_its_errors(client):
    for op_id, (_path, _method, op) in _operations(client).items():
        assert op["x-required-scope"] in ApiScope.values, op_id
        for code in ("401", "403", "429"):
            assert "application/problem+json" in op["responses"][code]["content"], (op_id, code)


@pytest.fixture
def ctx(firm, other_firm, person, filing, notification, outsider_person):
    from tests.factories import FilingFactory, U5FilingFactory, WebhookEndpointFactory

    FilingFactory(firm=other_firm, individual=outsider_person)  # the other firm has data of its own
    U5FilingFactory(firm=other_firm, individual=outsider_person)
    WebhookEndpointFactory(firm=firm, url="https://hooks.firm.example/finpro")
    return {"firm": firm, "other_firm": other_firm, "person": person, "filing": filing,
            "u5_filing": U5FilingFactory(firm=firm, individual=person)}


def _url(client, op_id, ctx):
    path, _method, op = _operations(client)[op_id]
    fill = OPERATIONS[op_id]
    return path.format(**(fill(ctx) if fill else {})), op["x-required-scope"]


def _key(case, ctx, scope):
    firm = ctx["other_firm"] if case == "other_firm" else ctx["firm"]
    everything_but = [s for s in ApiScope.values if s != scope]
    if case == "none":
        return ""
    if case == "wrong":
        return "fpk_000000000000_wrong"
    if case == "revoked":
        return ApiKeyFactory(firm=firm, revoked_at=timezone.now()).plain_key
    if case == "expired":
        return ApiKeyFactory(firm=firm, expires_at=timezone.now() - dt.timedelta(minutes=1)).plain_key
    if case == "out_of_scope":
        return ApiKeyFactory(firm=firm, scopes=everything_but).plain_key
    return ApiKeyFactory(firm=firm, scopes=[scope]).plain_key


EXPECTED = {"none": 401, "wrong": 401, "revoked": 401, "expired": 401, "out_of_scope": 403, "good": 200}


@pytest.mark.parametrize("case", [*EXPECTED, "other_firm"])
@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_matrix(client, ctx, op_id, case):
    url, scope = _url(client, op_id, ctx)
    key = _key(case, ctx, scope)
    response = client.get(url, headers={"Authorization": f"Bearer {key}"} if key else {})
    if case == "other_firm":
        # Another firm's key sees nothing of `firm`: its objects are 404, its lists hold none of them.
        if OPERATIONS[op_id] is not None:
            assert response.status_code == 404
            assert response["Content-Type"] == "application/problem+json"
        else:
            assert response.status_code == 200
            text = response.content.decode()
            assert str(ctx["person"].crd_number) not in text
            assert "hooks.firm.example" not in text
        return
    assert response.status_code == EXPECTED[case], (op_id, case, response.content)
    if EXPECTED[case] != 200:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == EXPECTED[case]
