from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .inbox import unread_count_warm

        user_logged_in.connect(unread_count_warm, dispatch_uid="notifications-inbox-unread-warm")
