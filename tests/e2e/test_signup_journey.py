"""The new rep's journey: home page → Privacy Statement → Create Profile → activation email in
the development mailbox → Set password → Sign in → Security Questions; and the No-SSN path."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from accounts.models import SecurityAnswer, User
from tests.factories import IndividualFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long walk by the quiet river"


def _fill_common(page, *, first, last, user_id, email):
    page.get_by_label("First Name").fill(first)
    page.get_by_label("Last Name").fill(last)
    page.get_by_label("New User ID").fill(user_id)
    page.get_by_label("Residential Address Line 1").fill("350 Fifth Ave")
    page.get_by_label("City").fill("New York")
    page.get_by_label("State").select_option("NY")
    page.get_by_label("Postal Code").fill("10118")
    page.get_by_label("Business Phone").fill("(212) 555-0134")
    page.get_by_label("Personal Phone").fill("(917) 555-0142")
    page.get_by_label("Personal Email").fill(email)
    page.get_by_label("Type the characters in the picture").fill("PASSED")


def _activate_sign_in_and_choose_questions(page, base_url, axe, *, user_id, email, shot):
    page.goto(f"{base_url}/dev/mailbox/")
    page.get_by_role("link", name=re.compile("Activate your FinPro account")).first.click()
    expect(page.get_by_text(email)).to_be_visible()
    page.locator("a[href*=\"/accounts/activate/\"]").click()

    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
    expect(page.get_by_label("User ID")).to_have_value(user_id)
    page.get_by_label("New Password", exact=True).fill("short")
    page.get_by_label("Confirm New Password").fill("short")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("This password is too short")).to_be_visible()
    page.get_by_label("New Password", exact=True).fill(PASSWORD)
    show = page.get_by_role("button", name="Show New Password", exact=True)
    show.click()
    expect(page.get_by_label("New Password", exact=True)).to_have_attribute("type", "text")
    page.get_by_label("Confirm New Password").fill(PASSWORD)
    axe(f"{shot}-05-set-password")
    page.get_by_role("button", name="Set password").click()

    expect(page.get_by_text("Your password is set")).to_be_visible()
    page.get_by_label("User ID").fill(user_id)
    page.get_by_label("Password").first.fill(PASSWORD)
    axe(f"{shot}-06-sign-in")
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("heading", name="Security Questions", exact=True)).to_be_visible()
    page.goto(f"{base_url}/")  # the account-setup gate sends them back
    expect(page).to_have_url(re.compile(r"/accounts/security-questions/$"))
    page.get_by_label("Security Question 1").select_option("high_school_city")
    page.get_by_label("Answer to Question 1").fill("Springfield")
    page.get_by_label("Security Question 2").select_option("high_school_city")
    page.get_by_label("Answer to Question 2").fill("Rex")
    page.get_by_label("Security Question 3").select_option("first_car")
    page.get_by_label("Answer to Question 3").fill("Volvo")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Choose a question you have not chosen above")).to_be_visible()
    axe(f"{shot}-07-security-questions-error")
    page.get_by_label("Security Question 2").select_option("first_pet")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Your security questions are saved")).to_be_visible()
    axe(f"{shot}-08-after-setup")
    user = User.objects.get(username=user_id)
    assert SecurityAnswer.objects.filter(user=user).count() == 3


def test_new_rep_creates_an_account_from_the_home_page_to_security_questions(page, base_url, axe):
    person = IndividualFactory(first_name="Renée", last_name="Okafor", ssn="231-45-6789",
                               date_of_birth=dt.date(1988, 7, 3))
    page.goto(base_url + "/")
    page.get_by_role("link", name="Create a FinPro Account").click()
    expect(page.get_by_role("heading", name="FinPro Privacy Statement")).to_be_visible()
    axe("signup-01-privacy")
    page.get_by_role("button", name="Acknowledge and continue").click()
    expect(page.get_by_text("Acknowledge the Privacy Statement to create an account")).to_be_visible()
    page.get_by_label(re.compile("I have read and understand")).check()
    page.get_by_role("button", name="Acknowledge and continue").click()

    expect(page.get_by_role("heading", name="Create Profile")).to_be_visible()
    expect(page.get_by_label("CRD#")).to_be_hidden()
    axe("signup-02-create-profile")
    _fill_common(page, first="renee", last="OKAFOR", user_id="", email="renee@mail.example")
    page.get_by_role("button", name="Generate a User ID for me").click()
    # the suggestion always carries a random number (it never tells whether "renee.okafor" exists)
    expect(page.get_by_label("New User ID")).to_have_value(re.compile(r"^renee\.okafor\d{4}$"))
    user_id = page.get_by_label("New User ID").input_value()
    page.get_by_label("SSN", exact=True).fill("231 45 678")  # one digit short
    page.get_by_label("Date of Birth").fill("1988-07-03")
    page.get_by_role("button", name="Create Profile").click()
    expect(page.get_by_text("Enter a valid US Social Security number")).to_be_visible()
    expect(page.get_by_text("Enter the date as MM/DD/YYYY")).to_be_visible()
    axe("signup-03-create-profile-errors")
    page.get_by_label("SSN", exact=True).fill("231-45-6789")
    page.get_by_label("Date of Birth").fill("07/03/1988")
    page.get_by_role("button", name="Create Profile").click()

    expect(page.get_by_role("heading", name="Your FinPro profile is created")).to_be_visible()
    expect(page.get_by_text(user_id, exact=True)).to_be_visible()
    expect(page.get_by_text("spam or junk folder")).to_be_visible()
    axe("signup-04-profile-created")
    assert User.objects.get(username=user_id).individual == person

    _activate_sign_in_and_choose_questions(page, base_url, axe, user_id=user_id,
                                           email="renee@mail.example", shot="signup")


def test_new_rep_without_ssn_uses_crd_number(page, base_url, axe):
    IndividualFactory(first_name="Aiko", last_name="Tanaka", ssn=None, crd_number=7654321,
                      date_of_birth=dt.date(1990, 2, 28))
    page.goto(base_url + "/accounts/login/")
    page.get_by_role("link", name="Create a FinPro Account").click()
    page.get_by_label(re.compile("I have read and understand")).check()
    page.get_by_role("button", name="Acknowledge and continue").click()
    page.get_by_label("No", exact=True).check()
    expect(page.get_by_label("SSN", exact=True)).to_be_hidden()
    expect(page.get_by_label("CRD#")).to_be_visible()
    _fill_common(page, first="Aiko", last="Tanaka", user_id="aiko.tanaka", email="aiko@mail.example")
    page.get_by_label("CRD#").fill("7654321")
    page.get_by_label("Date of Birth").fill("02/28/1990")
    axe("nossn-01-create-profile")
    page.get_by_role("button", name="Create Profile").click()
    expect(page.get_by_text("aiko.tanaka", exact=True)).to_be_visible()
    _activate_sign_in_and_choose_questions(page, base_url, axe, user_id="aiko.tanaka",
                                           email="aiko@mail.example", shot="nossn")


def test_create_profile_on_a_phone_sized_screen(page, base_url, axe):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "/accounts/create/")
    page.get_by_label(re.compile("I have read and understand")).check()
    page.get_by_role("button", name="Acknowledge and continue").click()
    expect(page.get_by_role("heading", name="Create Profile")).to_be_visible()
    axe("phone-create-profile")


def test_my_account_page(page, base_url, axe, sign_in):
    from accounts.models import Profile
    from tests.factories import VerifiedRepFactory

    rep = VerifiedRepFactory(username="dana.rep", email="dana@mail.example")
    Profile.objects.create(user=rep, business_phone="+12125550134", personal_phone="+19175550142",
                           address_line1="350 Fifth Ave", city="New York", state="NY", postal_code="10118")
    sign_in("dana.rep")
    page.locator("summary").first.click()
    page.get_by_role("link", name="My Account").click()
    expect(page.get_by_role("heading", name="My Account")).to_be_visible()
    expect(page.get_by_role("cell", name="Password")).to_be_visible()
    axe("account-01-my-account")
    page.set_viewport_size({"width": 390, "height": 844})
    axe("account-02-my-account-phone")
