"""Browser journeys: pytest-playwright driving Debian's Chromium against live_server, with axe.

Chromium is /usr/bin/chromium (or $CHROMIUM_PATH). Without it the journeys skip, unless
REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
"""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    browser_missing = not Path(CHROMIUM).exists()
    for item in items:
        if here not in Path(item.fspath).parents:
            continue
        item.add_marker(pytest.mark.e2e)
        # With REQUIRE_BROWSER=1 a missing browser already stopped the run in pytest_sessionstart.
        if browser_missing and os.environ.get("REQUIRE_BROWSER") != "1":
            item.add_marker(pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}"))


def pytest_sessionstart(session):
    if os.environ.get("REQUIRE_BROWSER") == "1" and not Path(CHROMIUM).exists():
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 860}, "locale": "en-US",
            "timezone_id": "America/New_York"}


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(autouse=True)
def _fail_fast(page):
    page.set_default_timeout(8000)


@pytest.fixture(autouse=True)
def _links_point_at_the_live_server(settings, live_server):
    """Emailed links start with SITE_URL (finpro.links); here that is the test server."""
    settings.SITE_URL = live_server.url


@pytest.fixture
def axe(page):
    """Call axe(page_name) on the current page: fails on serious or critical violations
    and saves a screenshot under var/screenshots/ for people to look at."""
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def check(name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        results = checker.run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        summary = "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                            for v in bad)
        assert not bad, f"axe found serious/critical violations on {name}:\n{summary}"
        return results

    return check


@pytest.fixture
def sign_in(page, base_url):
    """Sign a user in through the real sign-in form."""

    def _sign_in(username: str, password: str = "correct horse battery staple"):
        page.goto(f"{base_url}/accounts/login/")
        page.get_by_label("User ID").fill(username)
        page.get_by_label("Password").first.fill(password)
        page.get_by_role("button", name="Sign In").click()

    return _sign_in
