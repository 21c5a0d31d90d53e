"""`manage.py build_guides` (`make guides`): the quick reference guides' screenshots, taken from the
running product. A development server on a scratch SQLite database with the demo data, Chromium
driven by Playwright (a development dependency), one picture per step under static/guides/, and
static/guides/manifest.json with each step's template fingerprint (portal.guides.stale_guides)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_PASSWORD
from portal import guides

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _acknowledge_privacy(page, base: str) -> None:
    page.goto(f"{base}/accounts/create/")
    page.get_by_label("I have read and understand").check()
    page.get_by_role("button", name="Acknowledge and continue").click()
    page.wait_for_url("**/accounts/create/profile/")


def _start_identity(page, base: str) -> None:
    page.goto(f"{base}/identity/")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def _launch_first_module(page, base: str) -> None:
    page.goto(f"{base}/ce/")
    page.get_by_role("link", name="Launch").or_(page.get_by_role("button", name="Launch")).first.click()
    page.wait_for_load_state()


ACTIONS = {"acknowledge_privacy": _acknowledge_privacy, "start_identity": _start_identity,
           "launch_first_module": _launch_first_module}


class Command(BaseCommand):
    help = "Take the quick reference guides' screenshots from the running product (Chromium, demo data)."

    def add_arguments(self, parser):
        parser.add_argument("--only", help="Only this guide (slug).")
        parser.add_argument("--check", action="store_true",
                            help="Build nothing: list the guides whose screenshots are missing or older than "
                                 "their pages' templates (CI prints this).")

    def handle(self, *args, only=None, check=False, **options):
        if check:
            stale = guides.stale_guides()
            for line in stale:
                self.stdout.write(f"stale guide: {line}")
            self.stdout.write(f"{len(stale)} guide step(s) need new screenshots." if stale
                              else "Every guide's screenshots are newer than its pages' templates.")
            return
        selected = [g for g in guides.GUIDES if not only or g.slug == only]
        if not selected:
            raise CommandError(f"No guide {only!r}; there are: {', '.join(g.slug for g in guides.GUIDES)}")
        if not Path(CHROMIUM).exists():
            raise CommandError(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)")
        with tempfile.TemporaryDirectory() as scratch:
            port = _free_port()
            base = f"http://127.0.0.1:{port}"
            env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{scratch}/guides.sqlite3",
                   "SITE_URL": base, "EMAIL_FILE_PATH": f"{scratch}/mail", "SMS_FILE_PATH": f"{scratch}/sms"}
            env.pop("REDIS_URL", None)
            manage = [sys.executable, "manage.py"]
            self.stdout.write("Preparing the demo data …")
            for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
                subprocess.run([*manage, *command], cwd=settings.BASE_DIR, env=env, check=True,  # noqa: S603
                               stdout=subprocess.DEVNULL)
            server = subprocess.Popen([*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],  # noqa: S603
                                      cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
            try:
                self._wait(base)
                built = self._shoot(selected, base)
            finally:
                server.terminate()
                server.wait(timeout=20)
        recorded = guides.manifest() | built
        guides.MANIFEST.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n")
        self.stdout.write(f"{len(built)} screenshots written under {guides.GUIDES_DIR}.")

    @staticmethod
    def _wait(base: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/healthz?format=json", timeout=2):  # noqa: S310 - our own server
                    return
            except OSError:
                time.sleep(0.5)
        raise CommandError("the development server did not start")

    def _shoot(self, selected, base: str) -> dict:
        from playwright.sync_api import sync_playwright

        built = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for g in selected:
                shutil.rmtree(guides.GUIDES_DIR / g.slug, ignore_errors=True)
                (guides.GUIDES_DIR / g.slug).mkdir(parents=True)
                context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US",
                                              timezone_id="America/New_York")
                page, signed_in = context.new_page(), ""
                for number, step in enumerate(g.steps, start=1):
                    if step.persona != signed_in:
                        context.clear_cookies()
                        if step.persona:
                            page.goto(f"{base}/accounts/login/")
                            page.get_by_label("User ID").fill(step.persona)
                            page.get_by_label("Password").first.fill(DEMO_PASSWORD)
                            page.get_by_role("button", name="Sign In").click()
                            page.wait_for_load_state()
                        signed_in = step.persona
                    if step.action.startswith("follow:"):
                        # The page behind a link of step.path (its URL holds an id of the demo data).
                        page.goto(base + step.path)
                        page.get_by_role("link", name=step.action.removeprefix("follow:")).first.click()
                        page.wait_for_load_state()
                    elif step.action:
                        ACTIONS[step.action](page, base)
                    else:
                        page.goto(base + step.path)
                    picture = guides.GUIDES_DIR.parent / g.screenshot(number)
                    page.screenshot(path=str(picture))
                    built[g.screenshot(number)] = {"path": step.path, "template": step.template,
                                                   "template_sha256": guides.template_fingerprint(step.template)}
                    self.stdout.write(f"  {g.slug} step {number}: {step.path}")
                context.close()
            browser.close()
        return built
