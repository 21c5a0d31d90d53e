"""Celery application. JSON only, time limits and acks_late come from settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finpro.settings")

app = Celery("finpro")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
