from django.apps import AppConfig


class CeConfig(AppConfig):
    name = "ce"
    verbose_name = "Continuing education"
