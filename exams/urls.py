"""The person's exam pages at /exams/ (namespace "exams")."""

from django.urls import path

from . import views

app_name = "exams"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("sie/", views.sie_open, name="sie_open"),
    path("windows/<int:pk>/sessions/", views.sessions, name="sessions"),
    path("windows/<int:pk>/book/", views.book, name="book"),
    path("windows/<int:pk>/extension/", views.extension, name="extension"),
    path("appointments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("appointments/<int:pk>/appointment.ics", views.ics, name="ics"),
]
