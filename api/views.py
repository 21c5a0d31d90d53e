"""The firm's API pages (/firm/<CRD#>/api/…) and the API's docs page. Thin: every firm page
gets its firm through firmsettings' firm_view (firm admins only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from firmsettings.choices import MembershipRole
from firmsettings.views import FORM, _add_errors, firm_view
from firmsettings.views import _context as firm_context

from . import selectors, services
from .choices import EVENT_LABELS, ApiScope
from .forms import ApiKeyForm, WebhookEndpointForm

DELIVERY_PAGE_SIZE = 50


def _no_store(response):
    response["Cache-Control"] = "no-store, private"
    return response


def _keys_page(request, firm, *, form=None, new_key=None, status=200):
    keys = list(selectors.api_keys_of(firm=firm)[:200])
    return _no_store(render(request, "api/keys.html", firm_context(
        request, firm, keys=keys, form=form or ApiKeyForm(), new_key=new_key, scope_labels=dict(ApiScope.choices),
    ), status=status))


@firm_view(MembershipRole.ADMIN, FORM)
def api_keys(request, firm):
    """The firm's API keys; a POST creates one and shows it this once."""
    if request.method != "POST":
        return _keys_page(request, firm)
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        try:
            row, key = services.api_key_create(firm=firm, name=form.cleaned_data["name"],
                                               scopes=form.cleaned_data["scopes"],
                                               lifetime_days=form.cleaned_data["lifetime_days"],
                                               created_by=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _keys_page(request, firm, new_key={"row": row, "key": key}, status=201)
    return _keys_page(request, firm, form=form, status=400)


@firm_view(MembershipRole.ADMIN, FORM)
def api_key_revoke(request, firm, pk: int):
    api_key = get_object_or_404(selectors.api_keys_of(firm=firm), pk=pk)
    if request.method == "POST":
        services.api_key_revoke(api_key=api_key, revoked_by=request.user)
        messages.success(request, f"The key “{api_key.name}” was revoked; requests with it are refused.")
        return redirect("firm:api_keys", crd_number=firm.crd_number)
    return render(request, "api/key_revoke.html", firm_context(request, firm, api_key=api_key))


def _webhooks_page(request, firm, *, form=None, new_endpoint=None, status=200):
    endpoints = list(selectors.webhook_endpoints_of(firm=firm)[:200])
    return _no_store(render(request, "api/webhooks.html", firm_context(
        request, firm, endpoints=endpoints, form=form or WebhookEndpointForm(), new_endpoint=new_endpoint,
        event_labels=EVENT_LABELS,
    ), status=status))


@firm_view(MembershipRole.ADMIN, FORM)
def api_webhooks(request, firm):
    """The firm's webhook endpoints; a POST registers one and shows its signing secret once."""
    if request.method != "POST":
        return _webhooks_page(request, firm)
    form = WebhookEndpointForm(request.POST)
    if form.is_valid():
        try:
            endpoint, secret = services.webhook_endpoint_create(
                firm=firm, url=form.cleaned_data["url"], events=form.cleaned_data["events"],
                description=form.cleaned_data["description"], created_by=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _webhooks_page(request, firm, new_endpoint={"row": endpoint, "secret": secret}, status=201)
    return _webhooks_page(request, firm, form=form, status=400)


@firm_view(MembershipRole.ADMIN, FORM)
def api_webhook(request, firm, pk: int):
    """One endpoint: its delivery log (paged); a POST re-enables a disabled endpoint or deletes it."""
    endpoint = get_object_or_404(selectors.webhook_endpoints_of(firm=firm), pk=pk)
    if request.method == "POST":
        if request.POST.get("action") == "enable":
            services.webhook_endpoint_enable(endpoint=endpoint)
            messages.success(request, "The endpoint is active again.")
            return redirect("firm:api_webhook", crd_number=firm.crd_number, pk=endpoint.pk)
        if request.POST.get("action") == "delete":
            services.webhook_endpoint_delete(endpoint=endpoint)
            messages.success(request, f"The endpoint {endpoint.url} was deleted.")
            return redirect("firm:api_webhooks", crd_number=firm.crd_number)
    page = Paginator(selectors.deliveries_of(endpoint=endpoint), DELIVERY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "api/webhook.html", firm_context(
        request, firm, endpoint=endpoint, page=page, event_labels=EVENT_LABELS))


@firm_view(MembershipRole.ADMIN, FORM)
def api_delivery_replay(request, firm, pk: int, delivery_pk: int):
    endpoint = get_object_or_404(selectors.webhook_endpoints_of(firm=firm), pk=pk)
    delivery = get_object_or_404(selectors.deliveries_of(endpoint=endpoint), pk=delivery_pk)
    if request.method == "POST":
        services.webhook_delivery_replay(delivery=delivery)
        messages.success(request, f"Delivery {delivery.message_id} was queued to be sent again.")
        return redirect("firm:api_webhook", crd_number=firm.crd_number, pk=endpoint.pk)
    return render(request, "api/delivery_replay.html", firm_context(
        request, firm, endpoint=endpoint, delivery=delivery))


def api_docs(request):
    """The API's reference, rendered here from the OpenAPI document (no CDN, no script)."""
    from .v1 import api

    schema = api.get_openapi_schema()
    operations = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "scope": op.get("x-required-scope", ""),
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                "description": p.get("description") or p.get("schema", {}).get("description", "")}
                               for p in op.get("parameters", [])],
                "responses": sorted(op.get("responses", {}).items()),
                "anchor": op.get("operationId", ""),
            })
    return render(request, "api/docs.html", {
        "schema": schema, "operations": operations, "scopes": ApiScope.choices, "events": EVENT_LABELS.items(),
    })
