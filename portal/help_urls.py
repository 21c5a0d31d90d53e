from django.urls import path

from . import help_views

app_name = "help"

urlpatterns = [
    path("", help_views.help_home, name="home"),
    path("faq/<slug:slug>/", help_views.faq_entry, name="faq_entry"),
    path("search/", help_views.search, name="search"),
    path("announcements/", help_views.announcements, name="announcements"),
    path("announcements/<int:pk>/dismiss/", help_views.announcement_dismiss, name="announcement_dismiss"),
    path("firms/", help_views.firm_resources, name="firms"),
    path("guides/", help_views.guide_list, name="guides"),
    path("guides/<slug:slug>/", help_views.guide_page, name="guide"),
    path("guides/<slug:slug>.pdf", help_views.guide_pdf, name="guide_pdf"),
]
