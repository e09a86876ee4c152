"""The help-page source changed in a way that leaves the Japanese chat text right: an
editor confirms it in a real browser instead of retyping it, a reviewer approves,
a publisher publishes, and channels are told the text is no longer outdated."""

import json
import urllib.request

import pytest

from channels.models import Channel
from channels.services import channel_token_create
from knowledge import services
from knowledge.models import Variant
from tests.e2e.conftest import PASSWORD, outside_the_browser, seed_demo_site

pytestmark = [
    pytest.mark.integration(services=["browser"]),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo(db):
    """The demo content, after the help-page source of `order-delayed` changed."""
    people = seed_demo_site("editor", "reviewer", "publisher")
    # The demo editor's open help-page draft adds a detail to the English source.
    draft = Variant.objects.get(entry__key="order-delayed", channel__is_primary=True).draft
    services.version_submit(version=draft, actor=people["editor"])
    services.version_approve(version=draft, actor=people["reviewer"])
    services.version_publish(version=draft, actor=people["publisher"])
    _token, raw = channel_token_create(channel=Channel.objects.get(slug="chat"))
    chat = Variant.objects.select_related("published_version").get(
        entry__key="order-delayed", channel__slug="chat"
    )
    return {"chat": chat, "token": raw}


def delivered(base_url: str, token: str, language: str) -> dict:
    """The chat channel's answer over HTTP from the same live server."""
    request = urllib.request.Request(
        f"{base_url}/api/v1/delivery/chat/answers/order-delayed/?lang={language}",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_an_outdated_ja_chat_text_is_confirmed_reviewed_and_published(demo, browser_steps):
    # `demo` first: fixtures using the database must be set up before the browser.
    base, token = browser_steps.base_url, demo["token"]
    live = demo["chat"].published_version
    before = delivered(base, token, "ja")
    assert before["outdated"] is True

    editor = browser_steps.page_for("editor", PASSWORD)
    editor.goto(f"{base}/admin/knowledge/version/{live.pk}/change/")
    panel = editor.locator("#parley-outdated")
    assert "Japanese (ja)" in panel.inner_text()
    browser_steps.shot(editor, "outdated-shown")
    panel.locator("button[name=languages][value=ja]").click()
    editor.wait_for_selector("text=Confirmed still correct in draft version")
    assert "Submit it for review" in editor.content()
    browser_steps.shot(editor, "confirmed")
    draft_url = editor.url
    editor.get_by_role("button", name="Submit for review").click()
    editor.wait_for_selector("text=is now in review")
    browser_steps.shot(editor, "submitted")

    reviewer = browser_steps.page_for("reviewer", PASSWORD)
    reviewer.goto(draft_url)
    assert "Confirmed still correct against the current source text" in reviewer.content()
    reviewer.click("button[value=approve]")
    reviewer.wait_for_selector("text=is now approved")
    browser_steps.shot(reviewer, "approved")

    publisher = browser_steps.page_for("publisher", PASSWORD)
    publisher.goto(draft_url)
    publisher.click("button[value=publish]")
    publisher.wait_for_selector("text=is now published")
    browser_steps.shot(publisher, "published")

    answer = delivered(base, token, "ja")
    now_live = outside_the_browser(
        lambda: Variant.objects.get(pk=demo["chat"].pk).published_version_id
    )
    assert answer["version"] == now_live != live.pk
    assert (answer["language"], answer["outdated"]) == ("ja", False)
    assert answer["body"] == before["body"]  # confirmed, not retyped
    assert delivered(base, token, "fi")["outdated"] is True  # not confirmed: still outdated
