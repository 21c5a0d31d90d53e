"""Continuing education in Chromium, with axe on every page: dana.rep launches CE from the
dashboard, completes a module (pages and knowledge check), signs out, signs back in and resumes
the next module; casey.compliance, dually registered, applies the Regulatory Element to IAR CE
with the sandbox card (declined first), then sees Dana's progress in the firm's CE view."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ce import services
from ce.demo import complete_module, load_content
from ce.models import Question
from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership
from tests.factories import (
    AssociationFactory,
    CategoryRef,
    FirmFactory,
    IarCeAdoptionFactory,
    JurisdictionRef,
    RegistrationFactory,
    VerifiedRepFactory,
)
from tests.record.factories import FirmSettingsFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _setup():
    year = timezone.localdate().year
    load_content(year=year)
    summit = FirmFactory(name="Summit Ridge Securities", crd_number=104001)
    FirmSettingsFactory(firm=summit)
    dana = VerifiedRepFactory(username="dana.rep", first_name="Dana", individual__first_name="Dana",
                              individual__last_name="Ellison")
    AssociationFactory(individual=dana.individual, firm=summit)
    RegistrationFactory(individual=dana.individual, firm=summit, category=CategoryRef(code="GS"))
    services.learning_plan_assign(individual=dana.individual, year=year)
    casey = VerifiedRepFactory(username="casey.compliance", first_name="Casey", individual__first_name="Casey",
                               individual__last_name="Moreno")
    AssociationFactory(individual=casey.individual, firm=summit)
    RegistrationFactory(individual=casey.individual, firm=summit, category=CategoryRef(code="GS"))
    IarCeAdoptionFactory(jurisdiction=JurisdictionRef(code="CT", name="Connecticut"), effective_year=year)
    RegistrationFactory(individual=casey.individual, firm=summit, sro="", jurisdiction=JurisdictionRef(code="CT"),
                        category=CategoryRef(code="RA", name="Investment Adviser Representative"))
    FirmMembership.objects.create(firm=summit, user=casey, role=MembershipRole.ADMIN)
    plan = services.learning_plan_assign(individual=casey.individual, year=year)
    for pm in plan.plan_modules.all():
        complete_module(pm)
    return dana, casey


def _sign_out(page):
    page.locator("summary[aria-label^='Account menu']").click()
    page.get_by_role("button", name="Sign out").click()


def _answer_check(page, module_title):
    for question in Question.objects.filter(module__title=module_title, module__group__ce_year__year=timezone
                                            .localdate().year).prefetch_related("options"):
        right = next(o for o in question.options.all() if o.is_correct)
        page.get_by_role("group", name=re.compile(re.escape(question.prompt[:40]))).get_by_label(
            right.text, exact=True).check()


def test_ce_journey(page, base_url, axe, sign_in):
    _setup()
    sign_in("dana.rep")
    page.get_by_role("link", name="Complete your Regulatory Element CE").click()
    expect(page.get_by_role("heading", name="Current Annual Regulatory Element CE")).to_be_visible()
    axe("ce-overview")
    first = "Know your customer, then and now"
    page.get_by_role("link", name=f"Launch {first}").click()
    expect(page.get_by_text("Page 1 of 3")).to_be_visible()
    axe("ce-page")
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_text("Page 2 of 3")).to_be_visible()
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_text("Page 1 of 3")).to_be_visible()
    page.keyboard.press("Tab")  # the player works from the keyboard: Next is a real button
    page.get_by_role("button", name="Next", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Page 2 of 3")).to_be_visible()
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_role("button", name="Next: knowledge check").click()
    expect(page.get_by_role("heading", name="Knowledge check")).to_be_visible()
    axe("ce-check")
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Choose an answer.").first).to_be_visible()
    axe("ce-check-errors")
    _answer_check(page, first)
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Module completed. You answered 3 of 3 questions correctly.")).to_be_visible()
    expect(page.get_by_text("Correct.").first).to_be_visible()
    axe("ce-check-feedback")

    second = "Recognising and reporting financial exploitation"
    page.get_by_role("link", name=f"Next module: {second}").click()
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_text("Page 2 of 4")).to_be_visible()
    _sign_out(page)

    sign_in("dana.rep")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="CE").click()
    expect(page.get_by_role("link", name=f"Review {first}")).to_be_visible()
    page.get_by_role("link", name=f"Resume {second}").click()
    expect(page.get_by_text("Page 2 of 4")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    axe("ce-page-phone")
    page.set_viewport_size({"width": 1280, "height": 860})
    _sign_out(page)

    sign_in("casey.compliance")
    page.get_by_role("link", name="Apply Regulatory Element to IAR CE").click()
    axe("ce-iar-apply")
    page.get_by_role("button", name="Apply for $18.00").click()
    page.get_by_label("Name on Card").fill("Casey Moreno")
    page.get_by_label("Card Number").fill("4000 0000 0000 0002")
    page.get_by_label("Expiration Month (MM)").fill("12")
    page.get_by_label("Expiration Year (YYYY)").fill("2099")
    page.get_by_label("Security Code (CVC)").fill("123")
    page.get_by_role("button", name="Pay $18.00").click()
    expect(page.get_by_text("Your card was declined.")).to_be_visible()
    axe("ce-iar-pay-declined")
    page.get_by_label("Card Number").fill("4242 4242 4242 4242")
    page.get_by_label("Security Code (CVC)").fill("123")
    page.get_by_role("button", name="Pay $18.00").click()
    expect(page.get_by_text("Payment received.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Regulatory Element carry-over")).to_be_visible()
    axe("ce-iar")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Firm").click()
    page.get_by_role("navigation", name="Firm section").get_by_role("link", name="CE").click()
    row = page.get_by_role("row", name=re.compile("Ellison, Dana"))
    expect(row).to_contain_text("In Progress")
    expect(row).to_contain_text("1 of 3")
    expect(page.get_by_role("row", name=re.compile("Moreno, Casey"))).to_contain_text("Satisfied")
    axe("firm-ce")
    page.get_by_label("CE status").select_option("satisfied")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("row", name=re.compile("Ellison, Dana"))).to_have_count(0)
    page.set_viewport_size({"width": 390, "height": 844})
    axe("firm-ce-phone")
