from django.urls import path

from . import provider_api, views

app_name = "ce"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("modules/<int:pk>/", views.launch, name="launch"),
    path("modules/<int:pk>/pages/<int:number>/", views.page, name="page"),
    path("modules/<int:pk>/check/", views.check, name="check"),
    path("iar/", views.iar, name="iar"),
    path("iar/apply/", views.iar_apply, name="iar_apply"),
    path("iar/apply/pay/", views.iar_pay, name="iar_pay"),
    # For IAR CE providers (bearer token, JSON), not for reps.
    path("providers/v1/completions", provider_api.completions, name="provider_completions"),
]

# Mounted by firmsettings.urls under /firm/<firm CRD#>/ce/ (in the "firm" namespace).
firm_urlpatterns = [
    path("", views.firm_ce, name="ce"),
    path("export.csv", views.firm_ce_csv, name="ce_csv"),
]
