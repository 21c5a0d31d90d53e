from django.urls import path

from . import views

app_name = "bench"

urlpatterns = [
    path("b0/", views.b0, name="b0"),
    path("b1/", views.b1, name="b1"),
]
