from django.urls import include, path

from api.urls import firm_urlpatterns as api_firm_urlpatterns
from ce.urls import firm_urlpatterns as ce_firm_urlpatterns
from reports.urls import firm_urlpatterns as reports_firm_urlpatterns
from u4.urls import firm_urlpatterns as u4_firm_urlpatterns
from u5.urls import firm_urlpatterns as u5_firm_urlpatterns

from . import views

app_name = "firm"

urlpatterns = [
    path("", views.switch, name="switch"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<int:crd_number>/", views.home, name="home"),
    path("<int:crd_number>/roster/", views.roster, name="roster"),
    path("<int:crd_number>/roster.csv", views.roster_csv, name="roster_csv"),
    path("<int:crd_number>/settings/", views.settings_view, name="settings"),
    path("<int:crd_number>/settings/<slug:group>/", views.settings_group, name="settings_group"),
    path("<int:crd_number>/history/", views.history, name="history"),
    path("<int:crd_number>/flex-funding/", views.flex_funding, name="flex_funding"),
    path("<int:crd_number>/members/", views.members, name="members"),
    path("<int:crd_number>/members/invite/", views.invite, name="invite"),
    path("<int:crd_number>/members/<int:pk>/", views.member_role, name="member_role"),
    path("<int:crd_number>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:crd_number>/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("<int:crd_number>/ce/", include(ce_firm_urlpatterns)),
    path("<int:crd_number>/u4/", include(u4_firm_urlpatterns)),
    path("<int:crd_number>/api/", include(api_firm_urlpatterns)),
    path("<int:crd_number>/reports/", include(reports_firm_urlpatterns)),
    path("<int:crd_number>/u5/", include(u5_firm_urlpatterns)),
]
