"""Text enters in one form (LF, no trailing spaces, NFC), so untouched languages stay
untouched; empty and unchanged versions are refused at submit."""

import unicodedata

import pytest
from django.urls import reverse

from knowledge import services
from knowledge.models import Version
from tests.api import write
from tests.factories import UserFactory, VariantFactory, complete_version

pytestmark = pytest.mark.django_db

LANGS = ("en", "ja", "fi", "zh_hant")


@pytest.fixture
def live(help_page):
    editor = UserFactory(username="writer", groups=["Editors"])
    reviewer = UserFactory(username="checker", groups=["Reviewers"])
    publisher = UserFactory(username="pub", groups=["Publishers"])
    version = complete_version(variant=VariantFactory(channel=help_page), number=1, author=editor)
    services.version_update(
        version=version,
        actor=editor,
        texts={
            "body": {code.replace("_", "-"): f"Line one.\nLine two ({code})." for code in LANGS}
        },
    )
    services.version_submit(version=version, actor=editor)
    services.version_approve(version=version, actor=reviewer)
    services.version_publish(version=version, actor=publisher)
    return {"version": version, "editor": editor}


def test_text_is_stored_with_lf_no_trailing_spaces_and_nfc(live, api_for):
    editor = live["editor"]
    draft = services.version_create_draft(variant=live["version"].variant, actor=editor)
    decomposed = unicodedata.normalize("NFD", "Päivitä tilaus  \r\n\r\nKiitos!   \r\n")
    response = write(
        api_for(editor), "patch", f"/api/v1/versions/{draft.pk}/", {"body": {"fi": decomposed}}
    )
    assert response.status_code == 200
    assert Version.objects.get(pk=draft.pk).body_fi == unicodedata.normalize(
        "NFC", "Päivitä tilaus\n\nKiitos!"
    )


def test_an_admin_save_with_crlf_textareas_changes_only_the_language_edited(live, client_for):
    editor = live["editor"]
    draft = services.version_create_draft(variant=live["version"].variant, actor=editor)
    # What a browser sends: every textarea, each with CRLF line endings.
    form = {
        f"{field}_{code}": (getattr(draft, f"{field}_{code}") or "").replace("\n", "\r\n")
        for field in ("title", "body")
        for code in LANGS
    }
    form["body_ja"] = "一行目。\r\n二行目（改訂）。"
    url = reverse("admin:knowledge_version_change", args=[draft.pk])
    response = client_for(editor).post(url, {**form, "_continue": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    changed = draft.history.first().diff_against(draft.history.all()[1]).changed_fields
    assert changed == ["body_ja"]
    submitted = services.version_submit(version=draft, actor=editor)
    assert submitted.changed_languages == ["ja"]  # routed to ja reviewers only


def test_an_empty_version_cannot_be_submitted(help_page, api_for):
    editor = UserFactory(username="writer", groups=["Editors"])
    variant = VariantFactory(channel=help_page)
    draft = services.version_create_draft(variant=variant, actor=editor)
    services.version_update(version=draft, actor=editor, texts={"title": {"en": "Only a title"}})
    response = write(api_for(editor), "post", f"/api/v1/versions/{draft.pk}/submit/")
    assert response.status_code == 400
    assert response.json()["code"] == "empty_version"
    assert Version.objects.get(pk=draft.pk).status == "draft"


def test_an_unchanged_copy_cannot_be_submitted(live, api_for, client_for):
    editor = live["editor"]
    draft = services.version_create_draft(variant=live["version"].variant, actor=editor)
    response = write(api_for(editor), "post", f"/api/v1/versions/{draft.pk}/submit/")
    assert response.status_code == 400
    assert response.json()["code"] == "no_changes"
    # The admin's button says the same, as a message.
    page = client_for(editor).post(
        reverse("admin:knowledge_version_workflow", args=[draft.pk, "submit"]), follow=True
    )
    assert "nothing to review" in page.content.decode()
    assert Version.objects.get(pk=draft.pk).status == "draft"


def test_texts_written_with_a_new_entrys_first_source_are_not_outdated_at_birth(
    help_page, chat, api_for
):
    from knowledge.digests import source_digest
    from knowledge.models import Entry, Topic
    from knowledge.selectors import OUTDATED, live_source_version, text_state

    editor = UserFactory(username="writer", groups=["Editors"])
    reviewer = UserFactory(username="checker", groups=["Reviewers"])
    publisher = UserFactory(username="pub", groups=["Publishers"])
    topic = Topic.objects.create(slug="orders", name_en="Orders")
    entry = Entry.objects.create(key="gift-wrap", topic=topic)
    texts = {"title": {"en": "Gift wrap"}, "body": {"en": "Choose gift wrap at checkout."}}
    plain = services.variant_open_draft(entry=entry, channel=help_page, actor=editor, texts=texts)
    chatty = services.variant_open_draft(
        entry=entry,
        channel=chat,
        actor=editor,
        texts={
            "title": {"en": "Gift wrap"},
            "body": {"en": "I can help with that! Choose gift wrap at checkout. Anything else?"},
        },
    )
    for version in (plain, chatty):
        services.version_submit(version=version, actor=editor)
        services.version_approve(version=version, actor=reviewer)
    services.version_publish(version=plain, actor=publisher)
    services.version_publish(version=chatty, actor=publisher)
    source = source_digest(live_source_version(entry.pk))
    chatty.refresh_from_db()
    assert text_state(version=chatty, language="en", source=source) != OUTDATED
    # A later change of the source does make it outdated, as it should.
    newer = services.version_create_draft(variant=plain.variant, actor=editor)
    services.version_update(
        version=newer, actor=editor, texts={"body": {"en": "Choose gift wrap in the basket."}}
    )
    services.version_submit(version=newer, actor=editor)
    services.version_approve(version=newer, actor=reviewer)
    services.version_publish(version=newer, actor=publisher)
    source = source_digest(live_source_version(entry.pk))
    chatty.refresh_from_db()
    assert text_state(version=chatty, language="en", source=source) == OUTDATED


def test_a_save_from_a_stale_tab_is_refused_with_what_the_other_person_changed(live, client_for):
    import re

    editor = live["editor"]
    other = UserFactory(username="other", groups=["Editors"])
    draft = services.version_create_draft(variant=live["version"].variant, actor=editor)
    url = reverse("admin:knowledge_version_change", args=[draft.pk])
    tab = client_for(editor)
    page = tab.get(url).content.decode()
    loaded = re.search(r'name="loaded" value="([^"]+)"', page).group(1)
    # Meanwhile someone else saves a Finnish edit.
    services.version_update(version=draft, actor=other, texts={"body": {"fi": "Uusi teksti."}})
    form = {
        f"{field}_{code}": getattr(draft, f"{field}_{code}") or ""
        for field in ("title", "body")
        for code in LANGS
    }
    form.update(loaded=loaded, body_en="My English edit.", _continue="1")
    response = tab.post(url, form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone saved this version after you opened it (they changed: fi)" in html
    assert "My English edit." in html  # the typed text is kept
    stored = Version.objects.get(pk=draft.pk)
    assert (stored.body_fi, stored.body_en) == ("Uusi teksti.", draft.body_en)
    # Reloaded, the same edit goes through.
    fresh = re.search(r'name="loaded" value="([^"]+)"', tab.get(url).content.decode()).group(1)
    form.update(loaded=fresh, body_fi="Uusi teksti.")
    assert tab.post(url, form).status_code == 302
    assert Version.objects.get(pk=draft.pk).body_en == "My English edit."
