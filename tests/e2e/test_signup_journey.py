"""The new rep's journey as the README tells it, with the demo data: home page → Privacy Statement →
Create Profile → activation email in the development mailbox → Set password → Sign in → Security
Questions → identity verification → the dashboard. Avery (SSN) is offered a text passcode, Noor
(no SSN) knowledge questions."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import SecurityAnswer, User
from identity.models import Attempt
from notifications.models import Notification
from tests.identity.factories import right_answers

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long walk by the quiet river"


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


@pytest.fixture
def demo_people(db):
    """The README's demo data: the sign-up personas are in CRD without an account, with bureau files."""
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    from crd.models import Individual

    return {"avery": Individual.objects.get(first_name="Avery", last_name="Lindgren"),
            "noor": Individual.objects.get(first_name="Noor", last_name="Haddad")}


def _fill_person(page, person, *, personal_phone, email, user_id):
    page.get_by_label("First Name").fill(person.first_name)
    page.get_by_label("Last Name").fill(person.last_name)
    page.get_by_label("New User ID").fill(user_id)
    page.get_by_label("Residential Address Line 1").fill(person.address_line1)
    page.get_by_label("City").fill(person.city)
    page.get_by_label("State").select_option(person.state)
    page.get_by_label("Postal Code").fill(person.postal_code)
    page.get_by_label("Business Phone").fill("(212) 555-0134")
    page.get_by_label("Personal Phone").fill(personal_phone)
    page.get_by_label("Personal Email").fill(email)
    page.get_by_label("Type the characters in the picture").fill("PASSED")


def _step(page, text):
    expect(page.locator(".journey .step")).to_contain_text(text)


def test_avery_signs_up_with_an_ssn_verifies_by_passcode_and_reaches_the_dashboard(page, base_url, axe,
                                                                                   demo_people):
    avery = demo_people["avery"]
    page.goto(base_url + "/")
    page.get_by_role("link", name="Create a FinPro Account").click()
    expect(page.get_by_role("heading", name="FinPro Privacy Statement")).to_be_visible()
    _step(page, "Step 1 of 6")
    axe("signup-01-privacy")
    page.get_by_role("button", name="Acknowledge and continue").click()
    expect(page.get_by_text("Acknowledge the Privacy Statement to create an account")).to_be_visible()
    page.get_by_label(re.compile("I have read and understand")).check()
    page.get_by_role("button", name="Acknowledge and continue").click()

    expect(page.get_by_role("heading", name="Create Profile")).to_be_visible()
    _step(page, "Step 2 of 6")
    expect(page.get_by_label("CRD#")).to_be_hidden()
    axe("signup-02-create-profile")
    _fill_person(page, avery, personal_phone="(212) 555-0106", email="avery@mail.example", user_id="")
    page.get_by_label("First Name").fill("avery")
    page.get_by_label("Last Name").fill("LINDGREN")
    page.get_by_role("button", name="Generate a User ID for me").click()
    # the suggestion always carries a random number (it never tells whether "avery.lindgren" exists)
    expect(page.get_by_label("New User ID")).to_have_value(re.compile(r"^avery\.lindgren\d{4}$"))
    user_id = page.get_by_label("New User ID").input_value()
    page.get_by_label("SSN", exact=True).fill("123 45 670")  # one digit short
    page.get_by_label("Date of Birth").fill("1991-02-11")
    page.get_by_role("button", name="Create Profile").click()
    expect(page.get_by_text("Enter a valid US Social Security number")).to_be_visible()
    expect(page.get_by_text("Enter the date as MM/DD/YYYY")).to_be_visible()
    axe("signup-03-create-profile-errors")
    page.get_by_label("SSN", exact=True).fill("123-45-6705")
    page.get_by_label("Date of Birth").fill(" 02/11/1991 ")  # pasted with spaces around it
    expect(page.get_by_label("Date of Birth")).to_have_value(" 02/11/1991 ")  # not cut by the box
    page.get_by_role("button", name="Create Profile").click()

    expect(page.get_by_role("heading", name="Your FinPro profile is created")).to_be_visible()
    _step(page, "Step 3 of 6")
    expect(page.get_by_text(user_id, exact=True)).to_be_visible()
    expect(page.get_by_text("spam or junk folder")).to_be_visible()
    axe("signup-04-profile-created")
    assert User.objects.get(username=user_id).individual == avery

    _activate_sign_in_and_choose_questions(page, base_url, axe, user_id=user_id,
                                           email="avery@mail.example", shot="signup")
    # Identity: the bureau ties the phone to Avery, so a text passcode (read from the mailbox)
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your identity")
    _step(page, "Step 6 of 6")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(re.compile("Text a passcode to my personal phone ending in 0106")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("We texted a 6-digit passcode")).to_be_visible()
    axe("signup-09-passcode")
    note = Notification.objects.filter(recipient__username=user_id, kind="identity_passcode").get()
    page.get_by_label("Passcode").fill(re.search(r"\b(\d{6})\b", note.body_text).group(1))
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Avery")
    expect(page.get_by_role("heading", name="My Task list")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Record")).to_be_visible()
    axe("signup-10-dashboard")


def test_noor_signs_up_without_an_ssn_verifies_by_questions_and_reaches_the_dashboard(page, base_url, axe,
                                                                                      demo_people):
    noor = demo_people["noor"]
    page.goto(base_url + "/accounts/login/")
    page.get_by_role("link", name="Create a FinPro Account").click()
    page.get_by_label(re.compile("I have read and understand")).check()
    page.get_by_role("button", name="Acknowledge and continue").click()
    page.get_by_label("No", exact=True).check()
    expect(page.get_by_label("SSN", exact=True)).to_be_hidden()
    expect(page.get_by_label("CRD#")).to_be_visible()
    _fill_person(page, noor, personal_phone="(212) 555-0107", email="noor@mail.example", user_id="noor.haddad")
    page.get_by_label("CRD#").fill(str(noor.crd_number))
    page.get_by_label("Date of Birth").fill(f"{noor.date_of_birth:%m/%d/%Y}")
    axe("nossn-01-create-profile")
    page.get_by_role("button", name="Create Profile").click()
    expect(page.get_by_text("noor.haddad", exact=True)).to_be_visible()
    _activate_sign_in_and_choose_questions(page, base_url, axe, user_id="noor.haddad",
                                           email="noor@mail.example", shot="nossn")
    # Identity: no phone the bureau knows, so multiple-choice questions from Noor's file
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Text a passcode")).to_have_count(0)
    page.get_by_label("Answer multiple-choice questions about my history").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/identity/questions/$"))
    axe("nossn-09-questions")
    user = User.objects.get(username="noor.haddad")
    attempt = Attempt.objects.get(user=user, outcome="pending")
    for i, (question, answer) in enumerate(zip(attempt.questions, right_answers(user, attempt.questions),
                                               strict=True)):
        group = page.get_by_role("group", name=f"{i + 1}. {question['prompt']}")
        group.get_by_label(question["choices"][answer], exact=True).check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Noor")
    expect(page.get_by_text("Your identity is verified")).to_be_visible()
    axe("nossn-10-dashboard")


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

    long_email = "dana.marguerite.ellison-whitcombe.compliance.archive@summitridge-securities.example"
    rep = VerifiedRepFactory(username="dana.rep", email=long_email)
    Profile.objects.create(user=rep, business_phone="+12125550134", personal_phone="+19175550142",
                           address_line1="350 Fifth Ave", city="New York", state="NY", postal_code="10118")
    sign_in("dana.rep")
    page.locator("summary").first.click()
    page.get_by_role("group").get_by_role("link", name="My Account").click()  # the menu under the initials
    expect(page.get_by_role("heading", name="My Account")).to_be_visible()
    expect(page.get_by_role("list", name=re.compile("Your last 1 sign-ins"))).to_contain_text("Chrome on Linux")
    axe("account-01-my-account")
    page.set_viewport_size({"width": 390, "height": 844})
    axe("account-02-my-account-phone")
    # the long email wraps inside its card; the page does not scroll sideways
    card = page.locator("section.card", has_text=long_email)
    fits = card.evaluate("""el => { const c = el.getBoundingClientRect();
        return [...el.querySelectorAll('dd')].every(d => d.getBoundingClientRect().right <= c.right + 1); }""")
    assert fits
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_an_address_the_system_cannot_confirm_is_shown_back_to_use_the_suggestion_or_confirm(page, base_url,
                                                                                            axe):
    import datetime as dt

    from accounts.models import Profile
    from tests.factories import IndividualFactory

    IndividualFactory(first_name="Rosa", last_name="Imani", ssn="231-45-6789", date_of_birth=dt.date(1988, 7, 3))
    page.goto(base_url + "/accounts/create/")
    page.get_by_label(re.compile("I have read and understand")).check()
    page.get_by_role("button", name="Acknowledge and continue").click()
    page.get_by_label("First Name").fill("Rosa")
    page.get_by_label("Last Name").fill("Imani")
    page.get_by_label("New User ID").fill("rosa.imani")
    page.get_by_label("SSN", exact=True).fill("231-45-6789")
    page.get_by_label("Date of Birth").fill("07/03/1988")
    page.get_by_label("Residential Address Line 1").fill("12 Main Street")
    page.get_by_label("City").fill("New York")
    page.get_by_label("State").select_option("NY")
    page.get_by_label("Postal Code").fill("01002")  # Amherst, MA
    page.get_by_label("Business Phone").fill("(212) 555-0134")
    page.get_by_label("Personal Phone").fill("(917) 555-0142")
    page.get_by_label("Personal Email").fill("rosa@mail.example")
    page.get_by_label("Type the characters in the picture").fill("PASSED")
    page.get_by_role("button", name="Create Profile").click()

    prompt = page.get_by_role("region", name="Confirm your residential address")
    expect(prompt).to_be_visible()
    expect(prompt).to_contain_text("01002 is Amherst, MA")
    expect(prompt.get_by_role("button", name="Confirm address as entered")).to_be_visible()
    expect(prompt.get_by_role("link", name="Edit the address")).to_be_visible()
    assert not User.objects.exists()
    axe("address-01-confirm-prompt")
    page.set_viewport_size({"width": 390, "height": 844})
    axe("address-02-confirm-prompt-phone")
    page.set_viewport_size({"width": 1280, "height": 860})
    prompt.get_by_role("button", name="Use Amherst, MA").click()

    expect(page.get_by_role("heading", name="Your FinPro profile is created")).to_be_visible()
    profile = Profile.objects.get(user__username="rosa.imani")
    assert (profile.city, profile.state, profile.postal_code) == ("Amherst", "MA", "01002")
    assert profile.address_confirmed_as_entered is False
