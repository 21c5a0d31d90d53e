"""The one authentication backend: allauth's (sign in by User ID), loading the user for each
request in one lean query with whether they are firm staff, so the gates and the navigation
never spend a query of their own (see accounts.selectors.user_for_request)."""

from allauth.account.auth_backends import AuthenticationBackend


class FinProAuthenticationBackend(AuthenticationBackend):
    def get_user(self, user_id):
        from .selectors import user_for_request

        user = user_for_request(user_id=user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user
