"""Privacy Statement and Create Profile: every rule and refusal, nothing saved on failure."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.choices import PRIVACY_STATEMENT_VERSION
from accounts.models import PrivacyAcknowledgment, Profile, User
from tests.factories import UserFactory

from .conftest import profile_data

pytestmark = pytest.mark.django_db

CREATE = "accounts:create_profile"


def post(client, **overrides):
    return client.post(reverse(CREATE), profile_data(**overrides))


def errors_of(response) -> dict:
    return {name: list(errs) for name, errs in response.context["form"].errors.items()}


def test_create_profile_requires_the_privacy_acknowledgment_first(client):
    response = client.get(reverse(CREATE))
    assert response.status_code == 302 and response.url == reverse("accounts:privacy")
    response = client.post(reverse("accounts:privacy"), {})
    assert "Acknowledge the Privacy Statement" in response.content.decode()
    assert PrivacyAcknowledgment.objects.count() == 0


def test_home_and_sign_in_pages_lead_to_the_privacy_statement(client):
    for url in ("/", reverse("account_login")):
        assert reverse("accounts:privacy") in client.get(url).content.decode()
    assert client.get("/accounts/signup/").url == reverse("accounts:privacy")


def test_create_profile_shows_the_guide_labels(acknowledged):
    page = acknowledged.get(reverse(CREATE)).content.decode()
    for label in ("Prefix", "First Name", "Middle Name", "Last Name", "Suffix", "New User ID",
                  "Do you have an SSN?", "SSN", "CRD#", "Date of Birth", "Residential Address Line 1", "City",
                  "State", "Postal Code", "Country", "Business Phone", "Personal Phone", "Business Email",
                  "Personal Email", "text a one-time passcode to this phone",
                  "activate your account, finish registration"):
        assert label in page, label
    assert page.count("one-time passcode") == 1  # said once, under the field, not repeated in a note
    assert 'value="US" selected' in page


def test_profile_created_links_the_account_records_the_acknowledgment_and_emails_activation(acknowledged, person,
                                                                                           deliver):
    with deliver():
        response = post(acknowledged)
    assert response.status_code == 302, errors_of(response)
    user = User.objects.get(username="jose.avila")
    assert user.individual == person and not user.has_usable_password()
    assert user.first_name == "José" and user.email == "jose@mail.example"
    profile = Profile.objects.get(user=user)
    assert str(profile.business_phone) == "+12125550134" and str(profile.personal_phone) == "+19175550142"
    ack = PrivacyAcknowledgment.objects.get(user=user)
    assert ack.version == PRIVACY_STATEMENT_VERSION
    page = acknowledged.get(response.url).content.decode()
    assert "jose.avila" in page and "spam" in page
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jose@mail.example"]
    assert re.search(r"/accounts/activate/[\w-]+/", mail.outbox[0].body)
    assert "123-45-6789" not in mail.outbox[0].body and "6789" not in mail.outbox[0].body


def test_no_ssn_path_matches_by_crd_number(acknowledged, person_no_ssn):
    response = post(acknowledged, first_name="AIKO", last_name="tanaka", username="aiko.t", has_ssn="no",
                    ssn="", crd_number="7654321", date_of_birth="02/28/1990", personal_email="aiko@mail.example")
    assert response.status_code == 302, errors_of(response)
    assert User.objects.get(username="aiko.t").individual == person_no_ssn


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"ssn": "12345678"}, "ssn", "valid US Social Security number"),
    ({"ssn": "666-45-6789"}, "ssn", "valid US Social Security number"),
    ({"ssn": "900-45-6789"}, "ssn", "valid US Social Security number"),
    ({"ssn": "123-00-6789"}, "ssn", "valid US Social Security number"),
    ({"ssn": "123-45-0000"}, "ssn", "valid US Social Security number"),
    ({"ssn": ""}, "ssn", "Enter your SSN"),
    ({"has_ssn": "no", "crd_number": ""}, "crd_number", "Enter your CRD#"),
    ({"has_ssn": "no", "crd_number": "12ab"}, "crd_number", "number of up to 7 digits"),
    ({"date_of_birth": "1985-04-12"}, "date_of_birth", "MM/DD/YYYY"),
    ({"date_of_birth": "02/30/1990"}, "date_of_birth", "not a real date"),
    ({"date_of_birth": "04/12/2099"}, "date_of_birth", "cannot be in the future"),
    ({"date_of_birth": "04/12/1880"}, "date_of_birth", "more than 110 years ago"),
    ({"postal_code": "00000"}, "postal_code", "cannot find the Postal Code"),
    ({"postal_code": "ABCDE"}, "postal_code", "5-digit ZIP"),
    ({"state": ""}, "state", "Choose the State"),
    ({"personal_phone": "call me maybe"}, "personal_phone", "Enter a phone number"),
    ({"business_phone": "123"}, "business_phone", "Enter a phone number"),
    ({"personal_phone": ""}, "personal_phone", "required"),
    ({"personal_email": "jose at mail"}, "personal_email", "valid email"),
    ({"username": "ab"}, "username", "4 to 30 characters"),
    ({"username": "jose avila!"}, "username", "4 to 30 characters"),
    ({"first_name": ""}, "first_name", "required"),
    ({"captcha_1": "WRONG"}, "captcha", "do not match the picture"),
])
def test_bad_input_gets_a_message_next_to_its_field_and_saves_nothing(acknowledged, person, overrides, field,
                                                                      message):
    response = post(acknowledged, **overrides)
    assert response.status_code == 200
    errors = errors_of(response)
    assert any(message in e for e in errors.get(field, [])), errors
    assert User.objects.count() == 0 and Profile.objects.count() == 0
    assert len(mail.outbox) == 0


def test_taken_user_id_is_refused_case_insensitively(acknowledged, person):
    UserFactory(username="Jose.Avila")
    response = post(acknowledged)
    assert "That User ID is taken" in errors_of(response)["username"][0]


@pytest.mark.parametrize("overrides", [
    {"ssn": "123-45-6780"},                      # another SSN
    {"date_of_birth": "04/13/1985"},             # wrong DOB
    {"ssn": "123-45-6780", "last_name": "Avila"},  # nothing matches: the names are not blamed
])
def test_mismatch_with_crd_gives_one_helpful_message_that_reveals_nothing(acknowledged, person, overrides):
    response = post(acknowledged, **overrides)
    errors = errors_of(response)
    assert "could not find a CRD record" in errors["ssn"][0]
    assert "contact your firm or FinPro support" in errors["ssn"][0]
    assert User.objects.count() == 0


@pytest.mark.parametrize("overrides", [{"last_name": "Avila"}, {"first_name": "Joseph"}])
def test_a_name_that_is_not_the_legal_name_is_flagged_next_to_both_names(acknowledged, person, overrides):
    errors = errors_of(post(acknowledged, **overrides))
    assert "must be your legal name" in errors["first_name"][0]
    assert errors["first_name"] == errors["last_name"]  # the same words: which one differs is not said
    assert "ssn" not in errors
    assert "Ávila" not in str(errors) and "José" not in str(errors)
    assert User.objects.count() == 0


@pytest.mark.parametrize(("field", "value"), [
    ("first_name", "José😀"), ("last_name", "Ávila-Núñez ★"), ("middle_name", "M#"), ("first_name", "J0se"),
])
def test_characters_that_are_not_part_of_names_are_refused_next_to_their_field(acknowledged, person, field,
                                                                               value):
    errors = errors_of(post(acknowledged, **{field: value}))
    assert "only letters, spaces, apostrophes, hyphens and periods" in errors[field][0]
    assert User.objects.count() == 0


def test_names_keep_accents_apostrophes_hyphens_and_spaces(acknowledged):
    from tests.factories import IndividualFactory

    IndividualFactory(first_name="Zoë", middle_name="", last_name="O’Brien-De la Cruz", ssn="123-45-6789",
                      date_of_birth=dt.date(1985, 4, 12))
    response = post(acknowledged, first_name="Zoë", middle_name="J.", last_name="O’Brien-De la Cruz")
    assert response.status_code == 302, errors_of(response)
    assert User.objects.get().first_name == "Zoë"


def test_a_pasted_date_of_birth_with_spaces_around_it_is_accepted(acknowledged, person):
    page = acknowledged.get(reverse(CREATE)).content.decode()
    box = re.search(r'<input[^>]*name="date_of_birth"[^>]*>', page).group(0)
    maxlength = int(re.search(r'maxlength="(\d+)"', box).group(1))
    assert maxlength >= len("  04/12/1985  ")  # the browser does not cut the pasted value
    response = post(acknowledged, date_of_birth="  04/12/1985 ")
    assert response.status_code == 302, errors_of(response)


def test_no_ssn_path_refuses_a_person_who_has_an_ssn(acknowledged, person):
    response = post(acknowledged, has_ssn="no", crd_number=str(person.crd_number))
    assert "could not find a CRD record" in errors_of(response)["crd_number"][0]


def test_names_match_ignoring_case_and_accents(acknowledged, person):
    response = post(acknowledged, first_name="JOSÉ", last_name="Ávila Núñez")
    assert response.status_code == 302


def test_one_account_per_individual_points_to_sign_in_and_forgot_links(acknowledged, person):
    UserFactory(username="existing.jose", individual=person)
    response = post(acknowledged)
    assert "already exists" in errors_of(response)["ssn"][0]
    page = response.content.decode()
    assert reverse("account_login") in page and reverse("accounts:forgot_user_id") in page
    assert reverse("accounts:forgot_password") in page
    assert User.objects.count() == 1


def test_unconfirmable_street_line_asks_to_confirm_or_edit_then_saves_as_entered(acknowledged, person):
    response = post(acknowledged, address_line1="The blue house behind the mill")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Confirm your residential address" in page and "Confirm address as entered" in page
    assert User.objects.count() == 0
    # The captcha passed once; confirming does not ask it again.
    data = profile_data(address_line1="The blue house behind the mill", confirm_address="on")
    del data["captcha_0"], data["captcha_1"]
    response = acknowledged.post(reverse(CREATE), data)
    assert response.status_code == 302
    assert Profile.objects.get().address_confirmed_as_entered is True


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"postal_code": "01002"}, "01002 is Amherst, MA"),             # another city and state
    ({"postal_code": "10118", "city": "Boston"}, "10118 is New York, NY"),  # another city
    ({"postal_code": "02134", "city": "Allston", "state": "NY"}, "02134 is Allston, MA"),  # another state
])
def test_a_zip_of_another_city_or_state_is_shown_back_with_what_the_system_expected(acknowledged, person,
                                                                                   overrides, expected):
    response = post(acknowledged, **overrides)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Confirm your residential address" in page and expected in page
    assert "Confirm address as entered" in page and "Edit the address" in page
    assert User.objects.count() == 0


def test_the_suggestion_takes_the_city_and_state_of_the_zip(acknowledged, person):
    post(acknowledged, postal_code="01002")
    data = profile_data(postal_code="01002", use_address_suggestion="on")
    del data["captcha_0"], data["captcha_1"]
    response = acknowledged.post(reverse(CREATE), data)
    assert response.status_code == 302
    profile = Profile.objects.get()
    assert (profile.city, profile.state, profile.postal_code) == ("Amherst", "MA", "01002")
    assert profile.address_confirmed_as_entered is False


def test_confirm_as_entered_keeps_the_address_and_records_it_as_unconfirmed(acknowledged, person):
    post(acknowledged, postal_code="01002")
    data = profile_data(postal_code="01002", confirm_address="on")
    del data["captcha_0"], data["captcha_1"]
    response = acknowledged.post(reverse(CREATE), data)
    assert response.status_code == 302
    profile = Profile.objects.get()
    assert (profile.city, profile.state, profile.postal_code) == ("New York", "NY", "01002")
    assert profile.address_confirmed_as_entered is True


def test_the_suggestion_is_worked_out_again_on_the_server(acknowledged, person):
    """A posted city is never taken from the button: the ZIP decides."""
    data = profile_data(postal_code="01002", use_address_suggestion="on", city="Springfield")
    response = acknowledged.post(reverse(CREATE), data)
    assert response.status_code == 302
    assert Profile.objects.get().city == "Amherst"


def test_generate_user_id_fills_a_free_suggestion_without_and_with_javascript(acknowledged, person):
    UserFactory(username="jose.avilanunez")
    response = acknowledged.post(reverse(CREATE), profile_data(action="suggest", username=""))
    assert response.status_code == 200 and not response.context["form"].is_bound
    suggested = response.context["suggested"]
    assert suggested.startswith("jose.avilanunez") and suggested != "jose.avilanunez"
    data = acknowledged.get(reverse("accounts:suggest_user_id"), {"first_name": "Ann", "last_name": "Lee"}).json()
    assert re.fullmatch(r"ann\.lee\d{4}", data["user_id"])  # never the bare name: see test_user_id_suggestion


def test_dob_rules_use_the_eastern_calendar_date(client, person):
    with time_machine.travel("2030-01-01 03:00:00+00:00", tick=False):  # still 12/31/2029 in New York
        client.post(reverse("accounts:privacy"), {"acknowledge": "on"})
        response = post(client, date_of_birth="01/01/2030")
    assert "cannot be in the future" in errors_of(response)["date_of_birth"][0]
