from django.apps import AppConfig


class FirmsettingsConfig(AppConfig):
    name = "firmsettings"
    verbose_name = "Firm section"
