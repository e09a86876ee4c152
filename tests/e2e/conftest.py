"""Browser tests: Playwright driving Debian's Chromium against a live Parley server.

`browser_steps` screenshots every step a test names; the screenshots are kept
in `artifacts/e2e/<test>/` only when the test fails, so a red CI run shows
what the browser saw.

Database work belongs in fixtures set up *before* `browser_steps`, or in
`outside_the_browser`: once Playwright's sync API runs, an ORM call from the
test opens a connection in another context that is never closed, and the test
database could not be dropped.
"""

import io
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.db import connections
from django.test import override_settings

from tests.conftest import chromium_path

# Playwright's sync API runs an event loop in this thread; Django would
# otherwise refuse the ORM calls made while it runs.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

T = TypeVar("T")
# Every demo person's password in the browser tests.
PASSWORD = "e2e-Passw0rd!"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class Steps:
    """Pages of one test, and a numbered screenshot of each step."""

    def __init__(self, browser, base_url: str, folder: Path) -> None:
        self.browser = browser
        self.base_url = base_url
        self.folder = folder
        self.count = 0
        self.contexts = []
        self.server_errors: list[str] = []  # every 5xx any page of the test received
        self.clicks = 0  # mouse clicks made through `click`

    def page_for(self, username: str, password: str):
        """A new browser session logged into the admin as `username`."""
        context = self.browser.new_context(viewport={"width": 1280, "height": 1000})
        self.contexts.append(context)
        page = context.new_page()
        page.on(
            "response",
            lambda response: (
                response.status >= 500
                and self.server_errors.append(f"{response.status} {response.url}")
            ),
        )
        page.goto(f"{self.base_url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        self.shot(page, f"{username}-logged-in")
        return page

    def click(self, page, selector: str) -> None:
        """A click a person makes, counted for the flows' click budgets."""
        self.clicks += 1
        page.click(selector)

    def choose(self, page, selector: str, **option: str) -> None:
        """Pick from a drop-down: two clicks, opening it and choosing."""
        self.clicks += 2
        page.select_option(selector, **option)

    def shot(self, page, name: str) -> None:
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)


def outside_the_browser(work: Callable[[], T]) -> T:
    """Run database work in a thread of its own that closes its connection after.

    Once Playwright's sync API is running, ORM calls from the test would open a
    connection nobody closes, which keeps the test database from being dropped.
    """
    result: list[T] = []

    def run() -> None:
        try:
            result.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert result, "the database work failed or timed out (see the log)"
    return result[0]


def seed_demo_site(*usernames: str) -> dict[str, Any]:
    """The demo content (`seed_demo`), with these demo people logging in with PASSWORD;
    returns them by username. Call it from a fixture, before the browser starts."""
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    people = {}
    for user in User.objects.filter(username__in=usernames):
        user.set_password(PASSWORD)
        user.save()
        people[user.username] = user
    return people


@pytest.fixture
def server(transactional_db) -> Iterator[str]:
    """A live server for this test only: its threads, and their database
    connections, are gone before the test database is dropped."""
    from pytest_django.live_server_helper import LiveServer

    live = LiveServer("localhost")
    try:
        with override_settings(ALLOWED_HOSTS=["localhost"]):
            yield live.url
    finally:
        live.stop()


@pytest.fixture
def browser_steps(request, server, tmp_path) -> Iterator[Steps]:
    from playwright.sync_api import sync_playwright

    folder = tmp_path / "screens"
    folder.mkdir()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-background-networking"],
        )
        steps = Steps(browser, server, folder)
        try:
            yield steps
        finally:
            for context in steps.contexts:
                context.close()
            browser.close()
    report = getattr(request.node, "report_call", None)
    if (report is not None and report.failed) or steps.server_errors:
        target = ARTIFACTS / request.node.name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(folder, target)
        print(f"\nScreenshots of the failed browser test: {target}")
    # No flow may meet a server error, whatever the test itself checked.
    assert steps.server_errors == [], f"the server answered 5xx: {steps.server_errors}"
