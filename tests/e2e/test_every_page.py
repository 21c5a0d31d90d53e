"""Every page of every persona, as they meet it: on the demo data (`seed_demo`), each persona
signs in, lands where their work is, and walks every link of their sidebar and of the tabs on
those pages. Every link answers 200; every page passes axe (no serious or critical violation)
and has no sideways scroll at 1280 and at 390 px wide. Screenshots of both widths land in
var/screenshots/pages/ for people to look at.

The public pages (home, sign-in, sign-up, forgotten credentials, status) are walked the same way."""

import re
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 390)
# The demo personas (README), plus a support agent created here (support staff are not seeded).
PERSONAS = ["dana.rep", "chris.contractor", "morgan.former", "casey.compliance", "vic.viewer", "ari.auditor",
            "pat.phone", "quinn.questions", "mel.multiparty", "sam.support", "lee.locked",
            "riley.candidate"]
PERSONAS += ["jesse.leaving"]  # u5.demo: the rep casey.compliance can file a Form U5 for
# Where each persona lands after signing in.
LANDING = {
    "vic.viewer": r"/firm/104001/$",
    "ari.auditor": r"/firm/$",
    "pat.phone": r"/identity/$",
    "quinn.questions": r"/identity/$",
    "mel.multiparty": r"/identity/$",
    "sam.support": r"/identity/$",
    "lee.locked": r"/identity/locked/$",
    "support.agent": r"/admin/$",
}
PUBLIC = ["/", "/accounts/login/", "/accounts/create/", "/accounts/forgot-password/",
          "/accounts/forgot-user-id/", "/status/"]
PUBLIC += ["/api/v1/docs/"]  # the firm API's reference (api/)
# Links inside a page lead to more pages of the same person (tabs, My Account's own pages, tasks).
PAGE_LINKS = "main a[href^='/']"
# Admin pages are Django's own layout and are walked only to their index; downloads are not pages;
# the development mailbox and the help pages are not the persona's.
# Pages the top bar links to (outside main), walked for every signed-in persona.
TOP_BAR_PAGES = ["/inbox/"]
NOT_WALKED = re.compile(r"^/(admin/.+|accounts/logout/|dev/|status/)|\.(pdf|ics|csv)(\?|$)")
NOT_WALKED = re.compile(NOT_WALKED.pattern + r"|\.json(\?|$)")  # the API's OpenAPI document is not a page
NOT_WALKED = re.compile(NOT_WALKED.pattern + r"|/reports/runs/\d+/download/")  # a finished report's file


def overflow(page) -> tuple[int, list[str]]:
    """How far the page scrolls sideways (px), and the elements that stick out."""
    return page.evaluate("""() => {
        const root = document.documentElement, width = root.clientWidth;
        const culprits = [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed')
            .filter(el => !el.closest('[hidden], .visually-hidden'))
            .slice(0, 5)
            .map(el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')}`
                       + ` (right ${Math.round(el.getBoundingClientRect().right)})`);
        return [root.scrollWidth - width, culprits];
    }""")


def tabs_out_of_sight(page) -> list[str]:
    """Tabs of the record and the firm section that are off the screen (must scroll sideways to find)."""
    return page.evaluate("""() => [...document.querySelectorAll('nav.record-nav a, nav.firm-tabs a, nav.sidenav a')]
        .filter(a => { const r = a.getBoundingClientRect();
                       return r.left < 0 || r.right > document.documentElement.clientWidth + 1; })
        .map(a => a.textContent.trim())""")


def tab_lines(page) -> int:
    return page.evaluate("""() => new Set([...document.querySelectorAll('nav.record-nav li')]
        .map(li => Math.round(li.getBoundingClientRect().top))).size""")


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


class Walk:
    def __init__(self, page, base_url, axe):
        self.page, self.base_url, self.axe = page, base_url, axe
        self.problems: list[str] = []

    def visit(self, who: str, path: str) -> None:
        page = self.page
        page.set_viewport_size({"width": WIDTHS[0], "height": 860})
        response = page.goto(self.base_url + path)
        if response is None or response.status != 200:
            self.problems.append(f"{who}: {path} answered {response.status if response else 'nothing'}")
            return
        self.check_here(who, path)

    def check_here(self, who: str, path: str) -> None:
        page = self.page
        name = f"pages/{who}-{_slug(path)}"
        (SCREENSHOTS / "pages").mkdir(parents=True, exist_ok=True)
        if not path.startswith("/admin/"):
            try:
                self.axe(name + "-1280")
            except AssertionError as exc:
                self.problems.append(f"{who}: {path}: {exc}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 860})
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
            extra, culprits = overflow(page)
            if extra > 0:
                self.problems.append(f"{who}: {path} scrolls sideways by {extra}px at {width}px: {culprits}")
            hidden_tabs = tabs_out_of_sight(page)
            if hidden_tabs:
                self.problems.append(f"{who}: {path} at {width}px: tabs out of sight {hidden_tabs}")
            if width == 1280 and tab_lines(page) > 1:
                self.problems.append(f"{who}: {path}: the record's tabs take {tab_lines(page)} lines at 1280px")
        page.set_viewport_size({"width": WIDTHS[0], "height": 860})

    def links(self, selector: str) -> list[str]:
        hrefs = self.page.locator(selector).evaluate_all("els => els.map(a => a.getAttribute('href'))")
        paths = []
        for href in hrefs:
            if not href or href.startswith("#"):
                continue
            parsed = urlparse(href)
            if parsed.netloc and parsed.netloc not in self.base_url:
                continue
            path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if not NOT_WALKED.search(path) and path not in paths:
                paths.append(path)
        return paths


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def test_every_persona_walks_every_page_in_their_navigation(page, base_url, axe, demo, staff_user):
    staff_user.set_password(DEMO_PASSWORD)
    staff_user.save()
    walk = Walk(page, base_url, axe)
    for path in PUBLIC:
        walk.visit("anonymous", path)

    for who in [*PERSONAS, staff_user.username]:
        page.context.clear_cookies()
        page.goto(base_url + "/accounts/login/")
        page.get_by_label("User ID").fill(who)
        page.get_by_label("Password").first.fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        expect(page).to_have_url(re.compile(LANDING.get(who, r"/$")))
        landing = urlparse(page.url).path
        if landing.startswith("/admin/"):  # Django admin's own layout: their sidebar is on our pages
            page.goto(base_url + "/account/")
        else:
            walk.check_here(who, landing)
        sidebar = walk.links("nav.sidenav a")
        assert sidebar, f"{who} has no navigation"
        if who not in LANDING:
            assert "My Account" in page.locator("nav.sidenav").inner_text()
        seen = {landing}
        queue = list(sidebar) + [p for p in TOP_BAR_PAGES if p not in sidebar]
        while queue:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            walk.visit(who, path)
            if not path.startswith("/admin/"):
                queue += [p for p in walk.links(PAGE_LINKS) if p not in seen]
    assert not walk.problems, "\n".join(walk.problems)


# Form U4: the demo has six filings of fifteen sections; one section editor per filing (Section 1)
# stands for the others, which share its template.
NOT_WALKED = re.compile(NOT_WALKED.pattern + r"|^/(firm/\d+/)?u4/\d+/sections/(?!general/)")
