"""MQP and EVEP routes (namespace "programs")."""

from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:code>/", views.learn_more, name="learn_more"),
    path("<slug:code>/enroll/", views.enroll, name="enroll"),
    path("<slug:code>/pay/", views.pay, name="pay"),
]
