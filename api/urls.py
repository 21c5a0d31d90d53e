from django.urls import path

from . import views
from .v1 import api

# Mounted at /api/v1/ by finpro/urls.py: the docs page, then the API (and /api/v1/openapi.json).
urlpatterns = [
    path("docs/", views.api_docs, name="api_docs"),
    path("", api.urls),
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
