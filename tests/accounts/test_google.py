"""Sign in with Google through allauth's own completion helper (no network): a connected
account signs in; a first-time Google user goes to the Privacy Statement and Create Profile
prefilled; a Google email that matches an existing account never signs into it."""

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory
from django.urls import reverse

from accounts.google import SESSION_PENDING
from tests.factories import UserFactory

from .conftest import profile_data

pytestmark = pytest.mark.django_db

GOOGLE_DATA = {"id": "g-1234567890", "email": "jose@gmail.example", "given_name": "José",
               "family_name": "Ávila-Núñez", "verified_email": True}


def google_login(request, uid="g-1234567890", email="jose@gmail.example"):
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.adapter import get_adapter

    provider = get_adapter().get_provider(request, "google")
    login = provider.sociallogin_from_response(request, {**GOOGLE_DATA, "id": uid, "email": email})
    login.state = {"process": "login"}
    assert isinstance(login.email_addresses[0], EmailAddress)
    return login


def complete(request, login):
    from allauth.core import context

    with context.request_context(request):
        return complete_social_login(request, login)


def make_request(client=None):
    request = RequestFactory().get("/accounts/google/login/callback/")
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    request.user = AnonymousUser()
    return request


def test_first_time_google_user_is_sent_to_privacy_then_create_profile_prefilled(client, person, deliver):
    request = make_request()
    response = complete(request, google_login(request))
    assert response.status_code == 302 and response.url == reverse("accounts:privacy")
    # carry the pending Google sign-in into the test client's session
    session = client.session
    session[SESSION_PENDING] = request.session[SESSION_PENDING]
    session.save()
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert "signed in with Google" in page
    client.post(reverse("accounts:privacy"), {"acknowledge": "on"})
    form = client.get(reverse("accounts:create_profile")).context["form"]
    assert form.initial["first_name"] == "José" and form.initial["personal_email"] == "jose@gmail.example"
    with deliver():
        response = client.post(reverse("accounts:create_profile"), profile_data(personal_email="jose@gmail.example"))
    assert response.status_code == 302
    account = SocialAccount.objects.get(uid="g-1234567890")
    assert account.user.username == "jose.avila" and account.provider == "google"


def test_connected_google_account_signs_in():
    user = UserFactory(username="connected")
    SocialAccount.objects.create(user=user, provider="google", uid="g-1234567890", extra_data=GOOGLE_DATA)
    request = make_request()
    response = complete(request, google_login(request))
    assert response.status_code == 302
    assert request.user == user


def test_google_email_matching_an_existing_account_never_signs_into_it():
    owner = UserFactory(username="owner", email="jose@gmail.example")
    request = make_request()
    response = complete(request, google_login(request, uid="g-other"))
    assert response.url == reverse("accounts:privacy")
    assert not request.user.is_authenticated
    assert not SocialAccount.objects.filter(user=owner).exists()


def test_my_account_offers_to_connect_google(client):
    from accounts import services

    user = UserFactory()
    services.security_questions_set(user=user, answers=[("first_pet", "a"), ("first_car", "b"), ("best_man", "c")])
    client.force_login(user)
    assert reverse("socialaccount_connections") in client.get(reverse("my_account")).content.decode()


def test_pre_social_login_raises_immediate_response_for_new_users():
    from accounts.google import FinProSocialAccountAdapter

    request = make_request()
    with pytest.raises(ImmediateHttpResponse):
        FinProSocialAccountAdapter(request).pre_social_login(request, google_login(request))
