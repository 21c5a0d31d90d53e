"""First journey: the home page, then a support agent signs in and opens the admin."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import IndividualFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_accessibly(page, base_url, axe):
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your securities industry record")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    axe("home")


def test_support_agent_signs_in_and_searches_the_admin(page, base_url, axe, sign_in, staff_user):
    IndividualFactory(first_name="Avery", last_name="Quartermaine", ssn="321-54-9876")
    page.goto(base_url + "/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F$"))
    axe("sign-in")
    sign_in(staff_user.username)
    page.goto(base_url + "/admin/crd/individual/?q=9876")
    expect(page.get_by_role("link", name="Quartermaine")).to_be_visible()
    expect(page.get_by_text("***-**-9876")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("321-54-9876")
    axe("admin-individuals")
