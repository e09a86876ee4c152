"""An editor, a reviewer and a publisher take a Japanese chat text live in a real browser."""

import json
import urllib.request

import pytest

from channels.models import Channel
from channels.services import channel_token_create
from knowledge.models import Variant
from tests.e2e.conftest import PASSWORD, outside_the_browser, seed_demo_site

pytestmark = [
    pytest.mark.integration(services=["browser"]),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ADDED = "配送状況はこのチャットでいつでもお知らせします。"


@pytest.fixture
def demo(db):
    seed_demo_site("editor", "reviewer", "publisher")
    return Variant.objects.select_related("published_version").get(
        entry__key="order-delayed", channel__slug="chat"
    )


def test_a_ja_chat_edit_goes_live_through_the_admin(demo, browser_steps):
    # `demo` first: fixtures using the database must be set up before the browser.
    live = demo.published_version
    version_url = f"{browser_steps.base_url}/admin/knowledge/version/{live.pk}/change/"

    editor = browser_steps.page_for("editor", PASSWORD)
    editor.goto(version_url)
    editor.click("button[value=new_draft]")
    editor.wait_for_selector("text=is now draft")
    browser_steps.shot(editor, "draft-opened")
    editor.click(".parley-language-tabs button[data-language=ja]")
    body = editor.locator("#id_body_ja")
    new_text = f"{body.input_value()}\n\n{ADDED}"
    body.fill(new_text)
    browser_steps.shot(editor, "ja-edited")
    editor.click("input[name=_continue]")
    editor.wait_for_selector("text=was changed successfully")
    draft_url = editor.url
    editor.click("button[name=_submit_for_review]")
    editor.wait_for_selector("text=is now in review")
    browser_steps.shot(editor, "submitted")

    reviewer = browser_steps.page_for("reviewer", PASSWORD)
    reviewer.goto(draft_url)
    assert ADDED in reviewer.content()
    reviewer.click("button[value=approve]")
    reviewer.wait_for_selector("text=is now approved")
    browser_steps.shot(reviewer, "approved")

    publisher = browser_steps.page_for("publisher", PASSWORD)
    publisher.goto(draft_url)
    publisher.click("button[value=publish]")
    publisher.wait_for_selector("text=is now published")
    browser_steps.shot(publisher, "published")

    # What a channel gets over HTTP from the same live server.
    _token, raw = outside_the_browser(
        lambda: channel_token_create(channel=Channel.objects.get(slug="chat"))
    )
    request = urllib.request.Request(
        f"{browser_steps.base_url}/api/v1/delivery/chat/answers/order-delayed/?lang=ja",
        headers={"Authorization": f"Bearer {raw}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        answer = json.loads(response.read())
    now_live = outside_the_browser(lambda: Variant.objects.get(pk=demo.pk).published_version_id)
    assert answer["version"] == now_live != live.pk
    assert (answer["language"], answer["is_fallback"]) == ("ja", False)
    assert answer["body"].endswith(ADDED)
