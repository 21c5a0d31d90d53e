from django.urls import path
from django.views.decorators.http import require_safe

from . import views
from .v1 import api


def _only_get(urls):
    """Ninja's own pages (the API root and openapi.json) answer any method; like every page here
    they take only GET and HEAD (the operations themselves refuse other methods with a 405)."""
    patterns, app_name, namespace = urls
    for pattern in patterns:
        if getattr(pattern, "name", None) in ("api-root", "openapi-json"):
            pattern.callback = require_safe(pattern.callback)
    return patterns, app_name, namespace


# Mounted at /api/v1/ by finpro/urls.py: the docs page, then the API (and /api/v1/openapi.json).
urlpatterns = [
    path("docs/", require_safe(views.api_docs), name="api_docs"),
    path("", _only_get(api.urls)),
]

# Mounted by firmsettings.urls under /firm/<firm CRD#>/api/ (in the "firm" namespace).
firm_urlpatterns = [
    path("", views.api_keys, name="api_keys"),
    path("keys/<int:pk>/revoke/", views.api_key_revoke, name="api_key_revoke"),
    path("webhooks/", views.api_webhooks, name="api_webhooks"),
    path("webhooks/<int:pk>/", views.api_webhook, name="api_webhook"),
    path("webhooks/<int:pk>/deliveries/<int:delivery_pk>/replay/", views.api_delivery_replay,
         name="api_delivery_replay"),
]
