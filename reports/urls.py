from django.urls import path

from . import views

# Mounted at /firm/<CRD#>/reports/ by firmsettings.urls (the "firm" namespace).
firm_urlpatterns = [
    path("", views.index, name="reports"),
    path("new/<slug:template>/", views.new, name="report_new"),
    path("runs/<int:pk>/", views.run_detail, name="report_run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="report_run_progress"),
    path("runs/<int:pk>/download/", views.run_download, name="report_download"),
    path("saved/<int:pk>/", views.saved, name="report_saved"),
]
