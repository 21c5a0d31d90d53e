from django.urls import path

from . import views

app_name = "record"

urlpatterns = [
    path("", views.overview, name="overview"),
    *[path(f"{section.slug}/", views.section, {"slug": section.slug}, name=section.slug)
      for section in views.SECTIONS],
    path("attestation/", views.attestation_history, name="attestation"),
    path("attest/<int:firm_crd>/", views.attest, name="attest"),
    path("address/", views.residential_address, name="address"),
    path("download/my-crd-record.pdf", views.record_pdf, name="pdf"),
    path("deadlines.ics", views.deadlines_ics, name="calendar"),
    path("activity/", views.activity, name="activity"),
]
