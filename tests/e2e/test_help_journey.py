"""From the pages people land on when something goes wrong to the answer that helps them:
System Error → its answer; System Is Currently Unavailable → its answer; then a search."""

import pytest
from django.urls import include, path
from playwright.sync_api import expect

from portal import faq

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _help_content():
    """Browser tests empty the database between tests; the FAQ comes back as seed_demo loads it."""
    faq.load()


def _boom(request):
    raise RuntimeError("something unexpected")


urlpatterns = [path("boom/", _boom), path("", include("finpro.urls"))]
handler500 = "portal.views.error_500"


def test_from_a_system_error_to_its_answer_and_a_search(page, base_url, axe, settings):
    settings.ROOT_URLCONF = __name__
    page.goto(base_url + "/boom/")
    expect(page.get_by_text("System Error", exact=True)).to_be_visible()
    reference = page.locator(".reference strong").inner_text()
    assert len(reference) == 8
    axe("help-system-error")
    page.get_by_role("link", name="What to do about a System Error").click()
    expect(page.get_by_role("heading", name='What should I do when I see "System Error"?', level=1)).to_be_visible()
    expect(page.get_by_text("give the reference shown on the page")).to_be_visible()
    axe("help-answer")
    page.get_by_label("Search the help center").fill("family plan")
    page.get_by_role("button", name="Search").click()
    result = page.get_by_role("link", name="Why was I not offered a passcode?")
    expect(result).to_be_visible()
    axe("help-search")
    result.click()
    expect(page.get_by_text("shared family plan")).to_be_visible()


def test_from_maintenance_to_its_answer_on_a_phone(page, base_url, axe, settings):
    page.set_viewport_size({"width": 390, "height": 844})
    settings.MAINTENANCE_MODE = True
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", name="System Is Currently Unavailable")).to_be_visible()
    page.get_by_role("link", name="More about this message").click()
    expect(page.get_by_role("heading", name='What does "System Is Currently Unavailable" mean?')).to_be_visible()
    axe("help-maintenance-answer-phone")
    page.get_by_role("link", name="Questions and answers").click()
    page.get_by_text("How do I create a FinPro account?").click()
    expect(page.get_by_role("link", name="Start here")).to_be_visible()
    axe("help-home-phone")


def test_the_newest_announcement_on_the_dashboard_is_dismissed(page, base_url, axe, sign_in):
    from django.utils import timezone

    from portal.models import Announcement
    from portal.selectors import announcements_cache_clear
    from tests.factories import VerifiedRepFactory

    Announcement.objects.create(title="Form U4 in FinPro", body="Sign your **Form U4** here.",
                                published_from=timezone.localdate())  # the newest
    announcements_cache_clear()
    VerifiedRepFactory(username="news.reader")
    sign_in("news.reader")
    banner = page.get_by_role("region", name="Form U4 in FinPro")
    expect(banner).to_be_visible()
    axe("dashboard-announcement")
    banner.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_role("heading", name="My Task list")).to_be_visible()
    expect(page.get_by_role("region", name="Form U4 in FinPro")).to_have_count(0)


def test_from_the_form_u4_page_to_its_guide_and_its_pdf(page, base_url, axe, sign_in):
    import io

    from pypdf import PdfReader

    from tests.factories import VerifiedRepFactory

    VerifiedRepFactory(username="u4.reader")
    sign_in("u4.reader")
    page.goto(base_url + "/u4/")
    help_link = page.locator("a.topbar-help[href^='/help/']")
    expect(help_link).to_have_attribute("href", "/help/guides/sign-form-u4/")
    help_link.click()
    expect(page.get_by_role("heading", name="Fill in and sign your Form U4", level=1)).to_be_visible()
    expect(page.get_by_text("Return to firm")).to_be_visible()
    expect(page.get_by_role("img").first).to_be_visible()
    axe("help-guide-u4")
    pdf_link = page.get_by_role("link", name="Download this guide as a PDF")
    response = page.request.get(base_url + pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Fill in and sign your Form U4" in text and "Return to firm" in text
    assert sum(len(p.images) for p in reader.pages) >= 3, "a screenshot per step"
