from django.urls import path

from . import views

urlpatterns = [
    path("", views.mailbox, name="dev_mailbox"),
    path("<int:pk>/", views.mailbox_message, name="dev_mailbox_message"),
]
