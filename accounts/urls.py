from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("create/", views.privacy, name="privacy"),
    path("create/profile/", views.create_profile, name="create_profile"),
    path("create/suggest-user-id/", views.suggest_user_id, name="suggest_user_id"),
    path("create/done/", views.profile_created, name="profile_created"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("activate/<str:token>/resend/", views.activate_resend, name="activate_resend"),
    path("forgot-password/", views.forgot_password, name="forgot_password"),
    path("forgot-password/<str:token>/", views.reset_password, name="reset_password"),
    path("forgot-user-id/", views.forgot_user_id, name="forgot_user_id"),
    path("session/keepalive/", views.session_keepalive, name="session_keepalive"),
    path("security-questions/", views.security_questions, name="security_questions"),
    # allauth's own sign-up and email-based reset are replaced by the pages above.
    path("signup/", views.signup_redirect, name="signup_redirect"),
    path("password/reset/", views.password_reset_redirect, name="password_reset_redirect"),
]
