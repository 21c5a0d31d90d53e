"""The one authentication backend: allauth's (sign in by User ID), loading the user for each
request together with whether they are firm staff, so the gates and the navigation never
spend a query of their own on it."""

from allauth.account.auth_backends import AuthenticationBackend
from django.db.models import Exists, OuterRef

from .models import User


class FinProAuthenticationBackend(AuthenticationBackend):
    def get_user(self, user_id):
        from firmsettings.models import FirmMembership

        user = (
            User._default_manager.annotate(
                firm_staff=Exists(FirmMembership.objects.filter(user_id=OuterRef("pk")))
            )
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user._has_firm_membership = user.firm_staff  # read by firmsettings.selectors.has_membership
        return user
