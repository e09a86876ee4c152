"""An owner finds the revision task customers' votes opened on their home page, reads its
evidence, then the performance page and the entry's languages side by side, in a real
browser."""

from datetime import date

import pytest

from channels import revision
from channels.analytics import rebuild_answer_totals
from channels.models import Channel, Feedback, ServedCount
from knowledge.models import Entry, Variant
from tests.e2e.conftest import PASSWORD, seed_demo_site

pytestmark = [
    pytest.mark.integration(services=["browser"]),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo(db, settings):
    """The demo, with the Japanese help-page answer of `order-delayed` voted unhelpful."""
    people = seed_demo_site("editor", "reviewer")
    settings.PARLEY_REVISION_MIN_VOTES = 5
    entry = Entry.objects.get(key="order-delayed")
    entry.owner = people["editor"]
    entry.save()
    help_page = Channel.objects.get(slug="help-page")
    live = Variant.objects.get(entry=entry, channel=help_page).published_version
    for language, served, helpful in [
        ("en", 400, [True] * 8 + [False] * 2),
        ("ja", 300, [True] * 2 + [False] * 6),
    ]:
        ServedCount.objects.create(
            entry=entry, channel=help_page, language=language, version=live, count=served,
            day=date.today(),
        )  # fmt: skip
        for value in helpful:
            Feedback.objects.create(
                entry=entry, channel=help_page, language=language, version=live,
                helpful=value, effort=4 if not value else 2,
                comment="" if value else "Still no parcel",
            )  # fmt: skip
    rebuild_answer_totals()  # served rows made directly, as a bulk load
    revision.apply_thresholds()
    return people


def test_owner_opens_the_task_and_the_performance_page(demo, browser_steps):
    base = browser_steps.base_url
    editor = browser_steps.page_for("editor", PASSWORD)
    tasks = editor.locator("#home-revision-tasks")
    assert "Answers to revise (1)" in tasks.inner_text()
    browser_steps.shot(editor, "home-with-task")
    browser_steps.click(editor, "#home-revision-tasks a")
    editor.wait_for_selector("text=Helpful rate below the threshold")
    page = editor.content()
    assert "helpful rate" in page and "0.25" in page and "Still no parcel" in page
    browser_steps.shot(editor, "task-evidence")

    editor.goto(f"{base}/admin/channels/revisiontask/")
    browser_steps.click(editor, "text=Answer performance")
    editor.wait_for_selector("#performance")
    rows = editor.locator("#performance tbody tr")
    first = rows.nth(0).inner_text()
    assert "order-delayed" in first and "ja" in first  # the worst first
    assert editor.locator("#performance svg.parley-spark").count() >= 2
    browser_steps.shot(editor, "performance")

    browser_steps.click(editor, "#performance tbody tr:first-child td a")
    editor.wait_for_selector(".parley-side")
    worse = editor.locator(".parley-side td.worse")
    assert worse.count() == 1 and "25 %" in worse.inner_text()
    browser_steps.shot(editor, "side-by-side")

    with editor.expect_download() as download_info:
        browser_steps.click(editor, "#export-csv")
    assert download_info.value.suggested_filename == "answer-performance.csv"
