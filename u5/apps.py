from django.apps import AppConfig


class U5Config(AppConfig):
    name = "u5"
    verbose_name = "Form U5"
