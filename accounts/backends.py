"""The one authentication backend: allauth's (sign in by User ID), loading the user for each
request together with their Profile, whether they are firm staff and any email change waiting
for confirmation, so the gates, the navigation and the task list never spend a query of their
own on them (see accounts.selectors.user_for_request)."""

from allauth.account.auth_backends import AuthenticationBackend


class FinProAuthenticationBackend(AuthenticationBackend):
    def get_user(self, user_id):
        from .selectors import user_for_request

        user = user_for_request(user_id=user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user
