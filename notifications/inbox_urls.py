from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("", views.inbox, name="index"),
    path("<int:pk>/", views.inbox_message, name="message"),
]
