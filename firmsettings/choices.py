from django.db import models


class MembershipRole(models.TextChoices):
    ADMIN = "admin", "Admin"
    COMPLIANCE = "compliance", "Compliance"
    VIEWER = "viewer", "Viewer"
