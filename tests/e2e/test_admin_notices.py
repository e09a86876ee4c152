"""A reviewer is told of a submission in the admin and by e-mail, follows the notice to
the version, then turns e-mail off: the next submission reaches the admin only."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

from knowledge import services
from knowledge.models import Variant
from notices.models import Notice
from tests.e2e.conftest import PASSWORD, outside_the_browser, seed_demo_site

pytestmark = [
    pytest.mark.integration(services=["browser"]),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ADDED = "配送状況はこのチャットでいつでもお知らせします。"


@pytest.fixture
def drafts(db):
    """Two chat drafts the demo editor wrote (a Japanese sentence added), not yet submitted."""
    seed_demo_site("editor", "reviewer")
    editor = User.objects.get(username="editor")
    made = []
    for key in ("order-delayed", "item-out-of-stock"):
        variant = Variant.objects.select_related("published_version").get(
            entry__key=key, channel__slug="chat"
        )
        draft = services.version_create_draft(variant=variant, actor=editor)
        body = f"{variant.published_version.body_ja}\n\n{ADDED}"
        made.append(
            services.version_update(version=draft, actor=editor, texts={"body": {"ja": body}})
        )
    return made


def mails_to(address: str) -> list[str]:
    return [message.subject for message in mail.outbox if address in message.to]


def test_a_reviewer_follows_a_notice_and_turns_email_off(drafts, browser_steps):
    # `drafts` first: fixtures using the database must be set up before the browser.
    first, second = drafts
    base = browser_steps.base_url
    reviewer_address = "reviewer@parley.invalid"  # seed_demo's address for the reviewer
    assert mails_to(reviewer_address) == []

    editor = browser_steps.page_for("editor", PASSWORD)
    editor.goto(f"{base}/admin/knowledge/version/{first.pk}/change/")
    editor.get_by_role("button", name="Submit for review").click()
    editor.wait_for_selector("text=is now in review")
    browser_steps.shot(editor, "first-submitted")
    title = f"Waiting for your review: order-delayed (chat) v{first.number}"
    assert mails_to(reviewer_address) == [f"[Parley] {title}"]

    reviewer = browser_steps.page_for("reviewer", PASSWORD)
    reviewer.goto(f"{base}/admin/notices/notice/")
    browser_steps.shot(reviewer, "notices")
    reviewer.get_by_role("link", name=title).click()
    reviewer.wait_for_url(f"**/admin/knowledge/version/{first.pk}/change/")
    assert ADDED in reviewer.content()
    browser_steps.shot(reviewer, "version-opened-from-notice")

    reviewer.goto(f"{base}/admin/notices/notice/")
    reviewer.get_by_role("link", name="E-mail settings").first.click()
    reviewer.get_by_label("E-mail me my notices").uncheck()
    reviewer.get_by_role("button", name="Save").click()
    reviewer.wait_for_selector("text=E-mails are off.")
    browser_steps.shot(reviewer, "email-off")

    editor.goto(f"{base}/admin/knowledge/version/{second.pk}/change/")
    editor.get_by_role("button", name="Submit for review").click()
    editor.wait_for_selector("text=is now in review")
    browser_steps.shot(editor, "second-submitted")

    reviewer.goto(f"{base}/admin/notices/notice/?read=no")
    second_title = f"Waiting for your review: item-out-of-stock (chat) v{second.number}"
    assert reviewer.get_by_role("link", name=second_title).is_visible()
    browser_steps.shot(reviewer, "second-notice-in-the-admin")
    assert mails_to(reviewer_address) == [f"[Parley] {title}"]  # no second e-mail
    told = outside_the_browser(
        lambda: list(
            Notice.objects.filter(event="submitted", read_at__isnull=True).values_list(
                "recipient__username", "version_id"
            )
        )
    )
    assert told == [("reviewer", second.pk)]
