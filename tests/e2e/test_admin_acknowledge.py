"""A tone warning the author judges right as written: acknowledged with a reason in
the admin, submitted, and seen by the reviewer beside the text, in Chromium."""

import re

import pytest

from knowledge.models import FindingAcknowledgement, Variant
from tests.e2e.conftest import PASSWORD, outside_the_browser, seed_demo_site

pytestmark = [
    pytest.mark.integration(services=["browser"]),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REASON = "The courier hands it over, not us; naming them would confuse."


@pytest.fixture
def chat(db):
    seed_demo_site("editor", "reviewer")
    return Variant.objects.get(entry__key="order-delayed", channel__slug="chat")


def test_an_acknowledged_warning_reaches_the_reviewer(chat, browser_steps):
    steps = browser_steps
    editor = steps.page_for("editor", PASSWORD)
    editor.goto(f"{steps.base_url}/admin/knowledge/version/{chat.published_version_id}/change/")
    editor.click("button[value=new_draft]")
    editor.wait_for_selector("text=is now draft")
    editor.click(".parley-language-tabs button[data-language=en]")
    body = editor.locator("#id_body_en")
    body.fill(body.input_value() + "\nYour parcel will be handed over at the door.")
    editor.click("input[name=_continue]")
    editor.wait_for_selector("text=was changed successfully")
    steps.shot(editor, "saved-with-a-warning")

    form = editor.locator(".parley-acknowledge-form", has_text="passive-voice").first
    form.locator("input[name=reason]").fill(REASON)
    form.locator("button").click()
    editor.wait_for_selector("text=the reviewer will see your reason")
    editor.click(".parley-language-tabs button[data-language=en]")
    shown = editor.inner_text(".parley-tone-language[data-parley-language=en]")
    assert f"Acknowledged by editor: “{REASON}”" in shown
    steps.shot(editor, "acknowledged")
    editor.click("button[name=_submit_for_review]")
    editor.wait_for_selector("text=Saved and submitted")
    draft_id = int(re.search(r"/version/(\d+)/", editor.url).group(1))

    reviewer = steps.page_for("reviewer", PASSWORD)
    reviewer.goto(f"{steps.base_url}/admin/knowledge/version/{draft_id}/compare/")
    findings = reviewer.inner_text("#parley-review-findings")
    assert "The author says it is right as written" in findings and REASON in findings
    steps.shot(reviewer, "reviewer-sees-the-reason")
    stored = outside_the_browser(lambda: FindingAcknowledgement.objects.get().reason)
    assert stored == REASON
