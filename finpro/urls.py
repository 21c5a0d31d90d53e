from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.account_views import my_account
from notifications.views import reminder_preferences
from portal import views

admin.site.site_header = "FinPro support"
admin.site.site_title = "FinPro support"
admin.site.index_title = "Support administration"
# Support staff sign in through allauth (rate limits, MFA), never through a bare admin form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("", views.home, name="dashboard"),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("status/", views.status_page, name="status"),
    path("help/", include("portal.help_urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # base.html's initials menu reverses the un-namespaced "my_account".
    path("account/", my_account, name="my_account"),
    path("account/reminders/", reminder_preferences, name="reminder_preferences"),
    path("account/", include("accounts.account_urls")),
    path("identity/", include("identity.urls")),
    path("record/", include("crd.urls")),
    path("ce/", include("ce.urls")),
    path("firm/", include("firmsettings.urls")),
    path("u4/", include("u4.urls")),
    path("u5/", include("u5.urls")),
    path("programs/", include("programs.urls")),
    path("captcha/", include("captcha.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("exams/", include("exams.urls")),
    path("inbox/", include("notifications.inbox_urls")),
]

if settings.DEV_MAILBOX:
    urlpatterns += [path("dev/mailbox/", include("notifications.urls"))]

if settings.BENCH_ENDPOINTS:
    # `make bench` baselines (B0, B1); off unless BENCH_ENDPOINTS=1.
    urlpatterns += [path("bench/", include("bench.urls"))]

handler404 = "portal.views.error_404"
handler403 = "portal.views.error_403"
handler500 = "portal.views.error_500"
