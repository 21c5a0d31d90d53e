from django.urls import path

from . import account_views

app_name = "account"

urlpatterns = [
    path("", account_views.my_account, name="my_account"),
    path("emails/still-correct/", account_views.contact_emails_confirm, name="contact_emails_confirm"),
    path("email/<str:kind>/", account_views.email_edit, name="email_edit"),
    path("email-confirm/<str:token>/", account_views.confirm_email, name="confirm_email"),
    path("phones/", account_views.phones_edit, name="phones_edit"),
    path("address/", account_views.address_edit, name="address_edit"),
]
