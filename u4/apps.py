from django.apps import AppConfig


class U4Config(AppConfig):
    name = "u4"
    verbose_name = "Form U4"
