"""An editor sends the outdated texts to translators from the language matrix, gets the
translated file back from them and imports it, in a real browser; a reviewer then finds
the draft in review like any edit."""

import pytest
from translate.storage import po

from knowledge import services
from knowledge.models import TranslationFile, Variant
from tests.e2e.conftest import PASSWORD, outside_the_browser, seed_demo_site

pytestmark = [
    pytest.mark.integration(services=["browser"]),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FI_TITLE = "Tilaus on myöhässä"
# A translator's tool on Windows: CRLF line breaks.
FI_BODY = "Tilauksesi on myöhässä.\r\n\r\nSeuraa pakettia kohdasta **Omat tilaukset**."


@pytest.fixture
def demo(db):
    """The demo content, after the help-page source of `order-delayed` changed: its
    translations are outdated."""
    people = seed_demo_site("editor", "reviewer", "publisher")
    draft = Variant.objects.get(entry__key="order-delayed", channel__is_primary=True).draft
    services.version_submit(version=draft, actor=people["editor"])
    services.version_approve(version=draft, actor=people["reviewer"])
    services.version_publish(version=draft, actor=people["publisher"])
    return people


def translated(content: bytes) -> bytes:
    """What the translator sends back: the help-page Finnish title and body, translated."""
    store = po.pofile.parsestring(content)
    texts = {"order-delayed.help-page.title": FI_TITLE, "order-delayed.help-page.body": FI_BODY}
    for unit in store.units:
        if unit.getcontext() in texts:
            unit.target = texts[unit.getcontext()]
            unit.markfuzzy(False)
    return bytes(store)


def test_matrix_to_file_and_back_lands_a_draft_for_review(demo, browser_steps, tmp_path):
    base = browser_steps.base_url
    editor = browser_steps.page_for("editor", PASSWORD)
    editor.goto(f"{base}/admin/knowledge/entry/language-matrix/?state=outdated")
    browser_steps.shot(editor, "matrix-outdated")
    browser_steps.click(editor, "#send-to-translators")
    editor.wait_for_selector("#export-form")
    assert "order-delayed" in editor.input_value("#id_entries")
    browser_steps.shot(editor, "translators-page")

    # PO, Finnish only, help page only.
    editor.check("input[name=format][value=po]")
    for code in ("ja", "zh-hant"):
        editor.uncheck(f"input[name=languages][value={code}]")
    editor.check("input[name=channels][value=help-page]")
    with editor.expect_download() as download_info:
        browser_steps.click(editor, "button[name=action][value=export]")
    download = download_info.value
    assert download.suggested_filename.endswith("-fi.po")
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)
    text = exported.read_text(encoding="utf-8")
    assert 'msgctxt "order-delayed.help-page.body"' in text
    assert "Outdated: the source text changed" in text  # the note to the translator
    assert "#, fuzzy" in text  # the outdated translation is offered, not taken as done

    back = tmp_path / "order-delayed-fi.po"
    back.write_bytes(translated(exported.read_bytes()))
    editor.set_input_files("input[name=file]", str(back))
    browser_steps.click(editor, "button[name=action][value=import]")
    editor.wait_for_selector("#report")
    browser_steps.shot(editor, "import-report")
    report = editor.inner_text(".parley-report")
    assert "order-delayed.help-page.title" in report and "applied" in report
    assert "2 of 2 unit(s) applied to drafts" in editor.content()
    assert "confirmed" not in report  # new texts, not confirmations
    # The report is its own page (post/redirect/get): a reload sends nothing again.
    assert "report=" in editor.url
    editor.reload()
    editor.wait_for_selector("#report")

    # Sending the same file again (a second click, a reload) writes nothing new.
    editor.set_input_files("input[name=file]", str(back))
    browser_steps.click(editor, "button[name=action][value=import]")
    editor.wait_for_selector("text=Nothing new in this file")
    browser_steps.shot(editor, "import-again")

    # The draft holds exactly the new Finnish texts, line breaks normalised.
    # (Related rows are read in there too: an ORM call here would leak a connection.)
    draft = outside_the_browser(
        lambda: (
            Variant.objects.select_related("draft__author")
            .get(entry__key="order-delayed", channel__is_primary=True)
            .draft
        )
    )
    assert (draft.title_fi, draft.body_fi) == (FI_TITLE, FI_BODY.replace("\r\n", "\n"))
    assert draft.author.username == "editor"

    editor.goto(f"{base}/admin/knowledge/version/{draft.pk}/change/")
    assert FI_TITLE in editor.content()
    editor.get_by_role("button", name="Submit for review").click()
    editor.wait_for_selector("text=is now in review")
    browser_steps.shot(editor, "submitted")

    reviewer = browser_steps.page_for("reviewer", PASSWORD)
    reviewer.goto(f"{base}/admin/knowledge/version/{draft.pk}/change/")
    assert "Imported from translation file" in reviewer.content()
    browser_steps.shot(reviewer, "reviewer-sees-import")
    # The log of files, readable by the reviewer too.
    reviewer.goto(f"{base}/admin/knowledge/translationfile/")
    assert "Taken back from translators" in reviewer.content()
    browser_steps.shot(reviewer, "translation-files")

    records = outside_the_browser(
        lambda: list(
            TranslationFile.objects.order_by("pk").values_list("direction", "user__username")
        )
    )
    assert records == [("export", "editor"), ("import", "editor"), ("import", "editor")]
