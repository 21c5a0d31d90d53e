"""Form U4 routes: the person's pages at /u4/ (namespace "u4") and `firm_urlpatterns`, which
firmsettings/urls.py mounts at /firm/<CRD#>/u4/ inside the "firm" namespace (names u4_*)."""

from django.urls import path

from . import views

app_name = "u4"

urlpatterns = [
    path("", views.rep_overview, name="overview"),
    path("<int:pk>/", views.rep_entry, name="entry"),
    path("<int:pk>/sections/<slug:section>/", views.rep_section, name="section"),
    path("<int:pk>/form/", views.rep_form_view, name="form"),
    path("<int:pk>/return/", views.rep_return, name="return"),
    path("<int:pk>/sign/", views.rep_sign, name="sign"),
    path("<int:pk>/form-u4.pdf", views.rep_pdf, name="pdf"),
    path("<int:pk>/acknowledge/", views.rep_acknowledge, name="acknowledge"),
]

firm_urlpatterns = [
    path("", views.firm_list, name="u4_list"),
    path("new/", views.firm_create, name="u4_create"),
    path("<int:pk>/", views.firm_detail, name="u4_detail"),
    path("<int:pk>/sections/<slug:section>/", views.firm_section, name="u4_section"),
    path("<int:pk>/rep-edits/", views.firm_rep_edits, name="u4_rep_edits"),
    path("<int:pk>/rep-edits/withdraw/", views.firm_withdraw_rep_edits, name="u4_withdraw_rep_edits"),
    path("<int:pk>/check/", views.firm_check, name="u4_check"),
    path("<int:pk>/signature/", views.firm_signature, name="u4_signature"),
    path("<int:pk>/stop-signing/", views.firm_stop_signing, name="u4_stop_signing"),
    path("<int:pk>/submit/", views.firm_submit, name="u4_submit"),
    path("<int:pk>/form-u4.pdf", views.firm_pdf, name="u4_pdf"),
    path("<int:pk>/changes/", views.firm_changes, name="u4_changes"),
    path("<int:pk>/amend/", views.firm_amend, name="u4_amend"),
    path("<int:pk>/acknowledgment/", views.firm_request_acknowledgment, name="u4_request_acknowledgment"),
]
