"""A text written in the same draft set as its source is current when both publish;
only a later change of the source makes it outdated."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from channels.services import channel_token_create
from knowledge import services
from knowledge.models import Entry, Variant
from knowledge.selectors import OUTDATED, UP_TO_DATE, outdated_matrix
from templates_app.tone.versions import lint_version
from tests.factories import EntryFactory, VariantFactory, review_and_publish, write_draft

pytestmark = pytest.mark.django_db

SOURCE = {
    "title": {"en": "Reset your password", "ja": "パスワードの再設定"},
    "body": {"en": "Open Settings and choose Password.", "ja": "設定からパスワードを選びます。"},
}
CHAT = {
    "title": {"en": "Reset your password", "ja": "パスワードの再設定", "fi": "Salasana"},
    "body": {
        "en": "Happy to help! Open Settings and choose Password.",
        "ja": "お手伝いします。設定からパスワードを選びます。",
        "fi": "Autan mielelläni. Avaa Asetukset ja valitse Salasana.",
    },
}


write = write_draft


def chat_states(entry):
    (row,) = outdated_matrix(Entry.objects.filter(pk=entry.pk))
    return row["cells"]["chat"]


def delivered(chat, entry, language):
    """What the chat channel is served over HTTP now."""
    cache.clear()  # publishing clears it on commit, which a test transaction never reaches
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {channel_token_create(channel=chat)[1]}")
    response = client.get(f"/api/v1/delivery/chat/answers/{entry.key}/", {"lang": language})
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def live_answer(people, help_page, chat):
    """An entry whose help-page and chat texts are live and current."""
    plain = VariantFactory(channel=help_page)
    review_and_publish(write(plain, people, SOURCE), people)
    chatty = VariantFactory(entry=plain.entry, channel=chat)
    review_and_publish(write(chatty, people, CHAT), people)
    assert set(chat_states(plain.entry).values()) == {UP_TO_DATE, "missing"}
    return {"entry": plain.entry, "plain": plain, "chat": chatty}


@pytest.mark.parametrize("first", ["source", "chat"])
def test_a_text_written_with_its_source_draft_is_current_when_both_publish(
    live_answer, people, chat, first
):
    entry = live_answer["entry"]
    # The help-page source changes, and the chat text is written alongside it (en, ja).
    source_draft = write(
        live_answer["plain"], people, {"body": {"en": "Open Settings, then Security."}}
    )
    chat_draft = write(
        live_answer["chat"],
        people,
        {
            "body": {
                "en": "Happy to help! Open Settings, then Security.",
                "ja": "お手伝いします。設定からセキュリティを選びます。",
            }
        },
    )
    order = [source_draft, chat_draft] if first == "source" else [chat_draft, source_draft]
    for version in order:
        review_and_publish(version, people)

    states = chat_states(entry)
    assert (states["en"], states["ja"]) == (UP_TO_DATE, UP_TO_DATE)
    # fi was not rewritten with the new source: that one is outdated.
    assert states["fi"] == OUTDATED
    assert delivered(chat, entry, "ja")["outdated"] is False
    assert delivered(chat, entry, "fi")["outdated"] is True


def test_a_later_change_of_the_source_makes_the_text_outdated(live_answer, people, chat):
    entry = live_answer["entry"]
    review_and_publish(
        write(live_answer["plain"], people, {"body": {"en": "Open Settings, then Security."}}),
        people,
    )
    review_and_publish(
        write(live_answer["chat"], people, {"body": {"ja": "お手伝いします。セキュリティへ。"}}),
        people,
    )
    assert chat_states(entry)["ja"] == UP_TO_DATE

    # The source changes once more, after the chat text was written.
    review_and_publish(
        write(live_answer["plain"], people, {"body": {"en": "Open Security in Settings."}}),
        people,
    )
    assert chat_states(entry)["ja"] == OUTDATED
    assert delivered(chat, entry, "ja")["outdated"] is True


def test_a_source_draft_edited_after_the_text_was_written_outdates_it(live_answer, people):
    # Same draft set, but the source was changed again after the chat text was written.
    source_draft = write(live_answer["plain"], people, {"body": {"en": "Open Security."}})
    chat_draft = write(live_answer["chat"], people, {"body": {"ja": "セキュリティを開きます。"}})
    source_draft = write(live_answer["plain"], people, {"body": {"en": "Open Security now."}})
    review_and_publish(source_draft, people)
    review_and_publish(chat_draft, people)
    assert chat_states(live_answer["entry"])["ja"] == OUTDATED


def test_a_new_entrys_texts_written_before_its_source_are_current_at_birth(people, help_page, chat):
    entry = EntryFactory()
    # The chat text is written while the entry has no source text at all.
    chatty = services.variant_open_draft(entry=entry, channel=chat, actor=people["editor"])
    chatty = services.version_update(version=chatty, actor=people["editor"], texts=CHAT)
    plain = services.variant_open_draft(
        entry=entry, channel=help_page, actor=people["editor"], texts=SOURCE
    )
    review_and_publish(chatty, people)
    review_and_publish(plain, people)
    assert set(chat_states(entry).values()) == {UP_TO_DATE, "missing"}


def test_a_new_entrys_texts_written_after_its_source_draft_are_current_at_birth(
    people, help_page, chat
):
    entry = EntryFactory()
    plain = services.variant_open_draft(
        entry=entry, channel=help_page, actor=people["editor"], texts=SOURCE
    )
    chatty = services.variant_open_draft(
        entry=entry, channel=chat, actor=people["editor"], texts=CHAT
    )
    # Written against the source draft, not against "no source".
    assert chatty.based_on_ja == chatty.based_on_en != ""
    review_and_publish(plain, people)
    review_and_publish(chatty, people)
    assert Variant.objects.get(pk=chatty.variant_id).published_version_id == chatty.pk
    assert chat_states(entry)["ja"] == UP_TO_DATE


def test_facts_are_checked_against_the_source_draft_the_text_was_written_with(live_answer, people):
    write(live_answer["plain"], people, {"body": {"en": "Open Settings. Links last 7 days."}})
    agrees = write(live_answer["chat"], people, {"body": {"en": "Sure! The link lasts 7 days."}})
    services.version_submit(version=agrees, actor=people["editor"])  # 7 is in the source draft
    services.version_request_changes(version=agrees, actor=people["reviewer"], comment="Again.")
    wrong = write(live_answer["chat"], people, {"body": {"en": "Sure! The link lasts 9 days."}})
    flagged = [f for f in lint_version(wrong) if f.rule == "fact-mismatch"]
    assert len(flagged) == 1 and "9" in wrong.body_en[flagged[0].start : flagged[0].end]
