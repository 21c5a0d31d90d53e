"""The permission matrix over every /firm/ URL: anonymous → sign-in, a member of another
firm → 404, a role too low → 403, the right role → 200. The URL list comes from the
resolver's "firm" namespace, so a new URL missing here fails `test_every_firm_url_is_in_the_matrix`."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from firmsettings import services
from firmsettings.choices import MembershipRole, role_allows
from firmsettings.models import FirmMembership

pytestmark = pytest.mark.django_db

VIEWER, COMPLIANCE, ADMIN = MembershipRole.VIEWER, MembershipRole.COMPLIANCE, MembershipRole.ADMIN


def _member_pk(ctx):
    return FirmMembership.objects.get(firm=ctx["firm"], user=ctx["staff"][VIEWER]).pk


def _invitation_pk(ctx):
    return ctx["invitation"].invitation.pk


# url name -> (least role, extra kwargs builder). Every URL under /<firm CRD#>/.
FIRM_SCOPED = {
    "home": (VIEWER, None),
    "roster": (VIEWER, None),
    "roster_csv": (VIEWER, None),
    "settings": (VIEWER, None),
    "settings_group": (COMPLIANCE, lambda ctx: {"group": "attestation"}),
    "history": (VIEWER, None),
    "flex_funding": (VIEWER, None),
    "members": (ADMIN, None),
    "invite": (ADMIN, None),
    "member_role": (ADMIN, lambda ctx: {"pk": _member_pk(ctx)}),
    "member_remove": (ADMIN, lambda ctx: {"pk": _member_pk(ctx)}),
    "invitation_revoke": (ADMIN, lambda ctx: {"pk": _invitation_pk(ctx)}),
    # ce.urls.firm_urlpatterns, mounted at /firm/<CRD#>/ce/
    "ce": (VIEWER, None),
    "ce_csv": (VIEWER, None),
}
FIRM_SCOPED.update({
    "u4_list": (VIEWER, None),
    "u4_create": (COMPLIANCE, None),
    "u4_detail": (VIEWER, lambda ctx: {"pk": _filing_pk(ctx)}),
    "u4_section": (VIEWER, lambda ctx: {"pk": _filing_pk(ctx), "section": "general"}),
    "u4_rep_edits": (COMPLIANCE, lambda ctx: {"pk": _filing_pk(ctx)}),
    "u4_withdraw_rep_edits": (COMPLIANCE, lambda ctx: {"pk": _filing_pk(ctx)}),
    "u4_check": (VIEWER, lambda ctx: {"pk": _filing_pk(ctx)}),
    "u4_signature": (COMPLIANCE, lambda ctx: {"pk": _filing_pk(ctx)}),
    "u4_stop_signing": (COMPLIANCE, lambda ctx: {"pk": _filing_pk(ctx)}),
    "u4_submit": (COMPLIANCE, lambda ctx: {"pk": _filing_pk(ctx)}),
    "u4_pdf": (VIEWER, lambda ctx: {"pk": _filing_pk(ctx)}),
})
# api.urls.firm_urlpatterns, mounted at /firm/<CRD#>/api/ (firm admins only)
FIRM_SCOPED.update({
    "api_keys": (ADMIN, None),
    "api_key_revoke": (ADMIN, lambda ctx: {"pk": _api_object(ctx, "key").pk}),
    "api_webhooks": (ADMIN, None),
    "api_webhook": (ADMIN, lambda ctx: {"pk": _api_object(ctx, "endpoint").pk}),
    "api_delivery_replay": (ADMIN, lambda ctx: {"pk": _api_object(ctx, "delivery").endpoint_id,
                                                "delivery_pk": _api_object(ctx, "delivery").pk}),
})
FIRM_SCOPED.update({
    # reports.urls.firm_urlpatterns, mounted at /firm/<CRD#>/reports/
    "reports": (VIEWER, None),
    "report_new": (COMPLIANCE, lambda ctx: {"template": "access_tracking"}),
    "report_run": (VIEWER, lambda ctx: {"pk": _report_run_pk(ctx)}),
    "report_run_progress": (VIEWER, lambda ctx: {"pk": _report_run_pk(ctx)}),
    "report_download": (VIEWER, lambda ctx: {"pk": _report_run_pk(ctx)}),
    "report_saved": (COMPLIANCE, lambda ctx: {"pk": _saved_report_pk(ctx)}),
})


def _report_run_pk(ctx):
    """A finished Access Tracking run of ctx["firm"] with its file (made once per test)."""
    if "report_run" not in ctx:
        from reports.services import run_execute
        from tests.factories import ReportRunFactory

        ctx["report_run"] = ReportRunFactory(firm=ctx["firm"], requested_by=ctx["staff"][COMPLIANCE])
        run_execute(run_id=ctx["report_run"].pk)
    return ctx["report_run"].pk


def _saved_report_pk(ctx):
    if "saved_report" not in ctx:
        from tests.factories import SavedReportFactory

        ctx["saved_report"] = SavedReportFactory(firm=ctx["firm"], owner=ctx["staff"][COMPLIANCE])
    return ctx["saved_report"].pk


FIRM_SCOPED.update({
    "u4_changes": (VIEWER, lambda ctx: {"pk": _filing_pk(ctx)}),
    "u4_amend": (COMPLIANCE, lambda ctx: {"pk": _filing_pk(ctx)}),
    "u4_request_acknowledgment": (COMPLIANCE, lambda ctx: {"pk": _filing_pk(ctx)}),
})
READ_ONLY_OBJECT_URLS = {"u4_detail", "u4_check", "u4_pdf", "u4_changes"}
U4_OBJECT_URLS = sorted(name for name in FIRM_SCOPED if name.startswith("u4_") and name not in {"u4_list", "u4_create"})


def _filing_pk(ctx):
    """A draft Form U4 of ctx["firm"] (made once per test)."""
    if "filing" not in ctx:
        from tests.factories import FilingFactory

        ctx["filing"] = FilingFactory(firm=ctx["firm"])
    return ctx["filing"].pk


def _api_object(ctx, which):
    """An API key, a webhook endpoint and one of its deliveries of ctx["firm"] (made once per test)."""
    if "api_key" not in ctx:
        from tests.factories import ApiKeyFactory, WebhookDeliveryFactory, WebhookEndpointFactory

        ctx["api_key"] = ApiKeyFactory(firm=ctx["firm"])
        ctx["api_endpoint"] = WebhookEndpointFactory(firm=ctx["firm"])
        ctx["api_delivery"] = WebhookDeliveryFactory(endpoint=ctx["api_endpoint"])
    return ctx[f"api_{which}"]
FIRM_SCOPED.update({
    "u5_list": (VIEWER, None),
    "u5_create": (COMPLIANCE, None),
    "u5_file": (COMPLIANCE, lambda ctx: {"person_crd_number": _u5_person_crd(ctx)}),
    "u5_detail": (VIEWER, lambda ctx: {"pk": _u5_pk(ctx)}),
    "u5_amend": (COMPLIANCE, lambda ctx: {"pk": _u5_pk(ctx)}),
    "u5_pdf": (VIEWER, lambda ctx: {"pk": _u5_pk(ctx)}),
})
READ_ONLY_OBJECT_URLS |= {"u5_detail", "u5_pdf"}
U4_OBJECT_URLS += ["u5_detail", "u5_amend", "u5_pdf"]
# Signing pages (Form U5 8A): the right role is first asked to confirm their password.
REAUTHENTICATE = {"u5_file", "u5_amend"}


def _u5_person_crd(ctx):
    """A person currently associated with ctx["firm"]."""
    if "u5_person" not in ctx:
        from tests.factories import AssociationFactory

        ctx["u5_person"] = AssociationFactory(firm=ctx["firm"]).individual
    return ctx["u5_person"].crd_number


def _u5_pk(ctx):
    """A Form U5 of ctx["firm"] (made once per test)."""
    if "u5" not in ctx:
        from tests.factories import U5FilingFactory

        ctx["u5"] = U5FilingFactory(firm=ctx["firm"])
    return ctx["u5"].pk


# URLs outside a firm, tested on their own below.
NOT_FIRM_SCOPED = {"switch", "invitation"}


def _firm_url_names():
    names = set()

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(p.name)

    _prefix, resolver = get_resolver().namespace_dict["firm"]
    walk(resolver.url_patterns)
    return names


def test_every_firm_url_is_in_the_matrix():
    assert _firm_url_names() == set(FIRM_SCOPED) | NOT_FIRM_SCOPED


@pytest.fixture
def ctx(firm, staff, other_firm, outsider):
    invitation = services.invitation_send(firm=firm, email="pending@mail.example", role=VIEWER,
                                          invited_by=staff[ADMIN])
    return {"firm": firm, "staff": staff, "other_firm": other_firm, "outsider": outsider, "invitation": invitation}


def _url(name, ctx, firm=None):
    _least, extra = FIRM_SCOPED[name]
    kwargs = {"crd_number": (firm or ctx["firm"]).crd_number, **(extra(ctx) if extra else {})}
    return reverse(f"firm:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(FIRM_SCOPED))
def test_anonymous_is_sent_to_sign_in(client, ctx, name):
    url = _url(name, ctx)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(FIRM_SCOPED))
def test_a_member_of_another_firm_gets_404(client, ctx, name):
    client.force_login(ctx["outsider"])
    assert client.get(_url(name, ctx)).status_code == 404


@pytest.mark.parametrize("role", [VIEWER, COMPLIANCE, ADMIN])
@pytest.mark.parametrize("name", sorted(FIRM_SCOPED))
def test_each_role_gets_200_or_403(client, ctx, name, role):
    client.force_login(ctx["staff"][role])
    expected = 200 if role_allows(role, FIRM_SCOPED[name][0]) else 403
    response = client.get(_url(name, ctx))
    if expected == 200 and name in REAUTHENTICATE:
        assert response.status_code == 302 and "/reauthenticate/" in response["Location"]
        return
    assert response.status_code == expected


@pytest.mark.parametrize("name", ["member_role", "member_remove", "invitation_revoke", *U4_OBJECT_URLS])
def test_an_object_of_another_firm_is_404_even_through_your_own_firm(client, ctx, name):
    # The outsider's own firm in the URL, but an object id from `firm`.
    client.force_login(ctx["outsider"])
    assert client.get(_url(name, ctx, firm=ctx["other_firm"])).status_code == 404
    # a page that only shows refuses the method first (405): either way nothing of `firm` is shown
    expected = 405 if name in READ_ONLY_OBJECT_URLS else 404
    assert client.post(_url(name, ctx, firm=ctx["other_firm"]), {"m1-role": "admin"}).status_code == expected


@pytest.mark.parametrize("name", [n for n, (least, _) in FIRM_SCOPED.items() if least != VIEWER])
def test_a_viewer_cannot_post_to_any_write_url(client, ctx, name):
    client.force_login(ctx["staff"][VIEWER])
    assert client.post(_url(name, ctx), {"attestation-attestation_employees": "on"}).status_code == 403


def test_switch_page(client, ctx):
    url = reverse("firm:switch")
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    client.force_login(ctx["staff"][VIEWER])
    assert client.get(url)["Location"] == reverse("firm:home", kwargs={"crd_number": ctx["firm"].crd_number})
    FirmMembership.objects.create(user=ctx["staff"][VIEWER], firm=ctx["other_firm"], role=VIEWER)
    response = client.get(url)
    assert response.status_code == 200
    assert ctx["firm"].name in response.content.decode() and ctx["other_firm"].name in response.content.decode()


def test_switch_page_for_a_user_without_membership_is_a_friendly_403(rep_client):
    response = rep_client.get(reverse("firm:switch"))
    assert response.status_code == 403
    assert "You are not a member of any firm" in response.content.decode()


def test_invitation_page_is_public_with_a_valid_token_and_404_without(client, ctx):
    assert client.get(reverse("firm:invitation", kwargs={"token": ctx["invitation"].token})).status_code == 200
    assert client.get(reverse("firm:invitation", kwargs={"token": "nope"})).status_code == 404


@pytest.mark.parametrize("name", ["api_key_revoke", "api_webhook", "api_delivery_replay"])
def test_an_api_key_or_webhook_of_another_firm_is_404_even_through_your_own_firm(client, ctx, name):
    client.force_login(ctx["outsider"])
    url = _url(name, ctx, firm=ctx["other_firm"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "delete"}).status_code == 404
