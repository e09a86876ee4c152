"""An editor finds a question that misses its answer, adds synonyms in the admin,
and is brought back to the same question, which now finds it, in Chromium."""

import pytest

from knowledge.models import Entry
from tests.e2e.conftest import PASSWORD, seed_demo_site

pytestmark = [
    pytest.mark.integration(services=["browser"]),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUESTION = "where is my shipment"


@pytest.fixture
def entry(db):
    seed_demo_site("editor")
    return Entry.objects.get(key="order-delayed")


def test_synonyms_added_in_the_admin_apply_to_the_next_question(entry, browser_steps):
    steps = browser_steps
    editor = steps.page_for("editor", PASSWORD)
    editor.goto(f"{steps.base_url}/admin/knowledge/entry/{entry.pk}/search/")
    editor.fill("input[name=q]", QUESTION)
    editor.select_option("select[name=lang]", "en")
    steps.click(editor, "input[value=Search]")
    editor.wait_for_selector(".parley-search-result")
    assert "Not found" in editor.inner_text(".parley-search-result")
    steps.shot(editor, "question-missed")

    steps.click(editor, "text=Add synonyms in this language")
    editor.wait_for_selector("#id_phrases")
    assert editor.input_value("#id_language") == "en"
    editor.fill("#id_phrases", "shipment\nparcel\npackage")
    editor.fill("#id_note", "Customers say shipment; our answers say parcel.")
    steps.click(editor, "input[name=_save]")
    # Saved, and back on the question being tried, asked again.
    editor.wait_for_selector("text=was added successfully")
    editor.wait_for_selector(".parley-search-result")
    assert editor.input_value("input[name=q]") == QUESTION
    assert "Found first." in editor.inner_text(".parley-search-result")
    steps.shot(editor, "question-found")
