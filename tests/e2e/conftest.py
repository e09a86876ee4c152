"""Browser tests: Playwright driving Debian's Chromium against a live Parley server.

Each test's `browser_pages` screenshot every step it names. The screenshots
are kept in `artifacts/e2e/<test>/` only when the test fails, so a red CI run
shows what the browser saw.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import chromium_path

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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

    def page_for(self, username: str, password: str):
        """A new browser session logged into the admin as `username`."""
        context = self.browser.new_context(viewport={"width": 1280, "height": 1000})
        self.contexts.append(context)
        page = context.new_page()
        page.goto(f"{self.base_url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        self.shot(page, f"{username}-logged-in")
        return page

    def shot(self, page, name: str) -> None:
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)


@pytest.fixture
def browser_steps(request, live_server, tmp_path) -> Iterator[Steps]:
    from playwright.sync_api import sync_playwright

    folder = tmp_path / "screens"
    folder.mkdir()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-background-networking"],
        )
        steps = Steps(browser, live_server.url, folder)
        try:
            yield steps
        finally:
            for context in steps.contexts:
                context.close()
            browser.close()
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        target = ARTIFACTS / request.node.name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(folder, target)
        print(f"\nScreenshots of the failed browser test: {target}")
