"""The help center: every answer renders with its own link, search finds answers by a word in
their body, announcements by date and audience, once on the dashboard until dismissed, and
every help link in the product's templates resolves."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from portal import selectors, services
from portal.choices import Audience, FaqSection
from portal.faq import FAQ
from portal.models import Announcement, AnnouncementDismissal, FaqEntry
from tests.factories import UserFactory, VerifiedRepFactory
from tests.firmsettings.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _help_content():
    """The FAQ comes from a data migration; a transactional test elsewhere on this worker may have
    emptied the tables since, so load it as seed_demo does (create-only)."""
    from portal import faq

    faq.load()


def test_the_faq_is_loaded_grouped_as_the_guide_groups_it(client):
    assert FaqEntry.objects.count() == len(FAQ) >= 20
    body = client.get("/help/").content.decode()
    positions = [body.index(label) for label in FaqSection.labels]
    assert positions == sorted(positions)
    for entry in FaqEntry.objects.all():
        assert entry.question.replace('"', "&quot;") in body
        assert f'href="/help/faq/{entry.slug}/"' in body


def test_every_answer_has_its_own_page_with_the_support_settings(client, settings):
    settings.SUPPORT_PHONE, settings.SUPPORT_HOURS = "(555) 010-9999", "every day, 7 a.m. to 9 p.m. Eastern"
    for entry in FaqEntry.objects.all():
        response = client.get(f"/help/faq/{entry.slug}/")
        assert response.status_code == 200, entry.slug
        body = response.content.decode()
        assert "{support_phone}" not in body and "{support_hours}" not in body
    hours = client.get("/help/faq/support-hours/").content.decode()
    assert "(555) 010-9999, every day, 7 a.m. to 9 p.m. Eastern" in hours
    assert client.get("/help/faq/no-such-answer/").status_code == 404


def test_an_unpublished_answer_is_not_shown(client):
    FaqEntry.objects.filter(slug="why-the-captcha").update(published=False)
    assert client.get("/help/faq/why-the-captcha/").status_code == 404
    assert "/help/faq/why-the-captcha/" not in client.get("/help/").content.decode()


def test_answers_are_markdown_rendered_without_unsafe_html(client):
    FaqEntry.objects.create(section=FaqSection.TECHNICAL_SUPPORT, slug="unsafe", question="Unsafe?",
                            answer="**Bold** <script>alert(1)</script> [bad](javascript:alert(1)) [ok](/status/)")
    body = client.get("/help/faq/unsafe/").content.decode()
    assert "<strong>Bold</strong>" in body and '<a href="/status/"' in body
    assert "<script>alert(1)" not in body and "javascript:" not in body


@pytest.mark.parametrize(("query", "slug"), [
    ("passcode", "no-passcode-offered"),        # a word in the question
    ("family plan", "no-passcode-offered"),     # words only in the answer's body
    ("reference", "system-error"),
    ("maintenance", "system-unavailable"),
])
def test_search_finds_an_answer_by_a_word_in_its_body(client, query, slug):
    results = selectors.help_search(query=query)
    assert slug in [answer.entry.slug for answer in results]
    body = client.get("/help/search/", {"q": query}).content.decode()
    assert f"/help/faq/{slug}/" in body


def test_search_with_nothing_found_says_so(client):
    body = client.get("/help/search/", {"q": "zeppelin"}).content.decode()
    assert "0 answers for “zeppelin”" in body and "Nothing matched" in body
    assert selectors.help_search(query="   ") == []


def test_announcements_page_lists_published_ones_newest_first(client):
    Announcement.objects.create(title="Not yet", body="Later.", published_from=dt.date(2099, 1, 1))
    body = client.get("/help/announcements/").content.decode()
    assert "Not yet" not in body
    titles = [a.title for a in selectors.announcements_published()]
    assert titles and all(title in body for title in titles)
    days = [a.published_from for a in selectors.announcements_published()]
    assert days == sorted(days, reverse=True)


def test_the_dashboard_announcement_follows_audience_and_dismissal():
    Announcement.objects.all().delete()
    for_reps = Announcement.objects.create(title="For reps", body="r", audience=Audience.REPS,
                                           published_from=dt.date(2026, 1, 2))
    for_firms = Announcement.objects.create(title="For firms", body="f", audience=Audience.FIRMS,
                                            published_from=dt.date(2026, 1, 3))
    rep = VerifiedRepFactory()
    staff_only = UserFactory(individual=None)
    MembershipFactory(user=staff_only)
    assert selectors.announcement_for_dashboard(user=rep) == for_reps
    assert selectors.announcement_for_dashboard(user=staff_only) == for_firms
    assert services.announcement_dismiss(user=rep, announcement=for_reps) is True
    assert services.announcement_dismiss(user=rep, announcement=for_reps) is False  # once
    assert selectors.announcement_for_dashboard(user=rep) is None
    assert AnnouncementDismissal.objects.filter(user=rep).count() == 1


def test_dismissing_needs_a_signed_in_post(rep_client):
    from django.test import Client

    announcement = Announcement.objects.first()
    url = reverse("help:announcement_dismiss", args=[announcement.pk])
    anonymous = Client().post(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not AnnouncementDismissal.objects.exists()
    assert rep_client.get(url).status_code == 405
    assert rep_client.post(url).status_code == 302
    assert AnnouncementDismissal.objects.filter(announcement=announcement).count() == 1


def test_help_pages_are_public_and_open_during_maintenance(client, settings):
    settings.MAINTENANCE_MODE = True
    for path in ("/help/", "/help/faq/system-unavailable/", "/help/announcements/", "/help/firms/"):
        assert client.get(path).status_code == 200, path


def test_every_help_link_in_the_templates_resolves(client):
    """Every link into /help/ written in a template or an answer opens a page."""
    templates = Path(django_settings.BASE_DIR) / "templates"
    linked = set()
    for path in templates.rglob("*.html"):
        text = path.read_text()
        linked.update(f"/help/faq/{slug}/" for slug in re.findall(r"'help:faq_entry' slug='([\w-]+)'", text))
    for entry in FaqEntry.objects.all():
        linked.update(re.findall(r"\]\((/[^)\s]*)\)", entry.answer))
    assert {"/help/faq/system-error/", "/help/faq/system-unavailable/", "/help/faq/verification-failed/"} <= linked
    for link in sorted(linked):
        assert client.get(link).status_code == 200, link


# ---- quick reference guides -----------------------------------------------------------------

def test_every_guide_renders_with_a_picture_per_step(client):
    from portal import guides

    listing = client.get("/help/guides/").content.decode()
    for guide in guides.GUIDES:
        assert f'href="/help/guides/{guide.slug}/"' in listing
        body = client.get(f"/help/guides/{guide.slug}/").content.decode()
        assert guide.title in body
        for number in range(1, len(guide.steps) + 1):
            assert f"Step {number}" in body
            assert (guides.GUIDES_DIR.parent / guide.screenshot(number)).stat().st_size > 10_000
    assert client.get("/help/guides/no-such-guide/").status_code == 404


def test_a_guide_downloads_as_a_pdf_with_its_steps(client):
    import io

    from pypdf import PdfReader

    response = client.get("/help/guides/certify-your-record.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "See and certify your CRD record" in text
    assert "Certify your record" in text and "Attestation" in text
    reader = PdfReader(io.BytesIO(response.content))
    assert sum(len(page.images) for page in reader.pages) >= 3  # a screenshot per step


def test_every_guide_step_names_a_template_that_exists_and_a_known_persona():
    from portal import guides

    for guide in guides.GUIDES:
        for step in guide.steps:
            assert guides.template_fingerprint(step.template)
            actions = __import__("portal.management.commands.build_guides", fromlist=["ACTIONS"]).ACTIONS
            assert step.action in ("", *actions) or step.action.startswith("follow:"), step


def test_stale_guides_names_a_step_whose_template_changed(settings, tmp_path, monkeypatch):
    from portal import guides

    built = guides.manifest()
    first = guides.GUIDES[0].screenshot(1)
    monkeypatch.setattr(guides, "manifest", lambda: {**built, first: {**built[first], "template_sha256": "old"}})
    assert any(line.startswith(f"{guides.GUIDES[0].slug} step 1:") for line in guides.stale_guides())


def test_the_help_link_of_a_page_opens_its_guide():
    from portal import guides

    assert guides.guide_for_path("/record/employment/").slug == "certify-your-record"
    assert guides.guide_for_path("/firm/104001/roster/").slug == "firm-section"
    assert guides.guide_for_path("/nowhere/") is None
    for _prefix, slug in guides.GUIDE_FOR_PATH:
        assert guides.guide(slug) is not None


def test_each_page_header_links_its_guide(rep_client, client):
    record = rep_client.get("/record/").content.decode()
    assert 'class="topbar-help" href="/help/guides/certify-your-record/"' in record
    account = rep_client.get("/account/").content.decode()
    assert 'href="/help/guides/my-account/"' in account
    from django.test import Client

    home = Client().get("/").content.decode()
    assert 'class="topbar-help" href="/help/"' in home


def test_the_dashboard_shows_the_newest_announcement_until_it_is_dismissed(rep_client):
    Announcement.objects.all().delete()
    older = Announcement.objects.create(title="Older news", body="Old.", published_from=dt.date(2026, 1, 1))
    newest = Announcement.objects.create(title="Newest news", body="**New** things.",
                                         published_from=dt.date(2026, 2, 1))
    selectors.announcements_cache_clear()
    body = rep_client.get("/").content.decode()
    assert "Newest news" in body and "<strong>New</strong> things." in body and "Older news" not in body
    rep_client.post(reverse("help:announcement_dismiss", args=[newest.pk]))
    body = rep_client.get("/").content.decode()
    assert "Newest news" not in body and "Older news" in body  # the next one the person has not dismissed
    rep_client.post(reverse("help:announcement_dismiss", args=[older.pk]))
    assert "announcement-banner" not in rep_client.get("/").content.decode()
    assert AnnouncementDismissal.objects.filter(announcement__in=[older, newest]).count() == 2


def test_a_dismissal_holds_in_a_new_session(client):
    from django.test import Client

    Announcement.objects.all().delete()
    only = Announcement.objects.create(title="Only news", body="x", published_from=dt.date(2026, 1, 1))
    selectors.announcements_cache_clear()
    rep = VerifiedRepFactory()
    services.announcement_dismiss(user=rep, announcement=only)
    fresh = Client()
    fresh.force_login(rep)
    assert "Only news" not in fresh.get("/").content.decode()


def test_firm_resources_list_each_report_template_with_its_columns_and_the_webhook_events(client):
    from reports import catalog

    page = client.get("/help/firms/").content.decode()
    for template in catalog.templates().values():
        assert template.title in page and ", ".join(template.columns) in page
    assert "u4.signed" in page and "u5.filed" in page and 'href="/api/v1/docs/"' in page
    assert "(coming)" not in page
