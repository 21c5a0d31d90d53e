"""Form U5 routes: the person's pages at /u5/ (namespace "u5") and `firm_urlpatterns`, which
firmsettings/urls.py mounts at /firm/<CRD#>/u5/ inside the "firm" namespace (names u5_*)."""

from django.urls import path

from . import views

app_name = "u5"

urlpatterns = [
    path("", views.rep_list, name="overview"),
    path("<int:pk>/", views.rep_detail, name="detail"),
    path("<int:pk>/form-u5.pdf", views.rep_pdf, name="pdf"),
]

firm_urlpatterns = [
    path("", views.firm_list, name="u5_list"),
    path("new/", views.firm_create, name="u5_create"),
    path("new/<int:person_crd_number>/", views.firm_file, name="u5_file"),
    path("<int:pk>/", views.firm_detail, name="u5_detail"),
    path("<int:pk>/amend/", views.firm_amend, name="u5_amend"),
    path("<int:pk>/form-u5.pdf", views.firm_pdf, name="u5_pdf"),
]
