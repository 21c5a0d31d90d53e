from django.urls import path

from . import views

app_name = "ce"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("modules/<int:pk>/", views.launch, name="launch"),
    path("modules/<int:pk>/pages/<int:number>/", views.page, name="page"),
    path("modules/<int:pk>/check/", views.check, name="check"),
]

# Mounted by firmsettings.urls under /firm/<firm CRD#>/ce/ (in the "firm" namespace).
firm_urlpatterns = [
    path("", views.firm_ce, name="ce"),
    path("export.csv", views.firm_ce_csv, name="ce_csv"),
]
