from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("", views.flow, name="start"),
    path("<slug:step>/", views.flow, name="step"),
]
