"""The migration that puts stored texts in the services' form (LF, no trailing
whitespace, NFC) and carries every translation's `based_on` digest along, so no
text becomes outdated, or current, by it."""

import unicodedata

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from knowledge.digests import source_digest, text_digest
from knowledge.models import Entry, Topic, Version
from knowledge.selectors import OUTDATED, UP_TO_DATE, text_state
from templates_app.models import SnippetVersion

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [
    ("knowledge", "0004_review_routing_tokens"),
    ("templates_app", "0005_snippet_transitions_schedule_one_published"),
]
NFD_CAFE = unicodedata.normalize("NFD", "Café")
SOURCE_TITLE = f"{NFD_CAFE} hours  "
SOURCE_BODY = "We open at nine.  \r\nAsk at the desk.\r\n"
INTERMEDIATE_BODY = "We open at ten.\r\n"  # a draft text only the history remembers


def migrate(targets=None):
    """Migrate to `targets` (default: every app's newest); the state it left."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.fixture
def old_apps():
    """The models as they were before the migration, on a database migrated back."""
    state = migrate(BEFORE)
    try:
        yield state.apps
    finally:
        migrate()  # every other test needs the newest schema


def old_rows(apps):
    """Texts as the services wrote them before they normalised: CRLF, trailing
    spaces, decomposed characters, and digests of those texts."""
    Channel = apps.get_model("channels", "Channel")
    Topic = apps.get_model("knowledge", "Topic")
    Entry = apps.get_model("knowledge", "Entry")
    Variant = apps.get_model("knowledge", "Variant")
    Version = apps.get_model("knowledge", "Version")
    HistoricalVersion = apps.get_model("knowledge", "HistoricalVersion")
    Snippet = apps.get_model("templates_app", "Snippet")
    SnippetVersion = apps.get_model("templates_app", "SnippetVersion")

    help_page = Channel.objects.create(slug="help-page", name="Help", is_primary=True)
    chat = Channel.objects.create(slug="chat", name="Chat", tone="empathetic", format="text")
    topic = Topic.objects.create(slug="opening", name_en="Opening  ", name_fi=f"{NFD_CAFE}\r\n")
    entry = Entry.objects.create(
        key="opening-hours", topic=topic, questions_en="  When do you open?  \r\n\r\nHours?\r\n"
    )
    source = text_digest(title=SOURCE_TITLE, body=SOURCE_BODY)
    older = text_digest(title=SOURCE_TITLE, body=INTERMEDIATE_BODY)
    plain = Variant.objects.create(entry=entry, channel=help_page)
    primary = Version.objects.create(
        variant=plain,
        number=1,
        status="published",
        title_en=SOURCE_TITLE,
        body_en=SOURCE_BODY,
        based_on_en=source,
        title_ja="営業時間",
        body_ja="九時に開きます。 \r\n",
        based_on_ja=source,
    )
    HistoricalVersion.objects.create(
        id=primary.pk,
        variant_id=plain.pk,
        number=1,
        status="draft",
        title_en=SOURCE_TITLE,
        body_en=INTERMEDIATE_BODY,
        created_at=timezone.now(),
        history_date=timezone.now(),
        history_type="~",
    )
    chatty = Variant.objects.create(entry=entry, channel=chat)
    chat_version = Version.objects.create(
        variant=chatty,
        number=1,
        status="published",
        title_ja="営業時間",
        body_ja="お問い合わせありがとうございます。\r\n九時に開きます。  ",
        based_on_ja=source,  # current
        title_en="Hours",
        body_en="Thanks for asking!  \r\nWe open at nine.",
        based_on_en="written-against-a-source-long-gone",  # outdated
        title_fi="Aukiolo",
        body_fi="Avaamme kymmeneltä.\r\n",
        based_on_fi=older,  # written against the draft text, outdated
    )
    plain.published_version, chatty.published_version = primary, chat_version
    plain.save()
    chatty.save()
    snippet = Snippet.objects.create(key="thanks", kind="opener")
    SnippetVersion.objects.create(snippet=snippet, number=1, text_en="  Thank you!  \r\n")
    return {"primary": primary.pk, "chat": chat_version.pk, "entry": entry.pk}


def test_stored_texts_are_normalised_and_translations_keep_their_state(old_apps):
    ids = old_rows(old_apps)
    history = old_apps.get_model("knowledge", "HistoricalVersion")
    history_before = list(history.objects.values_list("pk", "body_en"))

    migrate()

    primary = Version.objects.get(pk=ids["primary"])
    assert primary.title_en == unicodedata.normalize("NFC", "Café hours")
    assert primary.body_en == "We open at nine.\nAsk at the desk."
    assert primary.body_ja == "九時に開きます。"
    chat = Version.objects.get(pk=ids["chat"])
    assert chat.body_ja == "お問い合わせありがとうございます。\n九時に開きます。"
    assert chat.body_en == "Thanks for asking!\nWe open at nine."

    live = source_digest(primary)
    assert primary.based_on_en == primary.based_on_ja == live
    assert text_state(version=primary, language="ja", source=live) == UP_TO_DATE
    assert text_state(version=chat, language="ja", source=live) == UP_TO_DATE
    # Outdated texts stay outdated; one written against a draft text maps along.
    assert text_state(version=chat, language="en", source=live) == OUTDATED
    assert chat.based_on_en == "written-against-a-source-long-gone"
    assert chat.based_on_fi == text_digest(title="Café hours", body="We open at ten.")
    assert text_state(version=chat, language="fi", source=live) == OUTDATED

    entry = Entry.objects.get(pk=ids["entry"])
    assert entry.questions_en == "When do you open?\nHours?"
    assert Topic.objects.get(slug="opening").name_en == "Opening"
    assert Topic.objects.get(slug="opening").name_fi == unicodedata.normalize("NFC", "Café")
    assert SnippetVersion.objects.get(snippet__key="thanks").text_en == "Thank you!"
    # A change of form, not anybody's edit: the history is as it was.
    assert list(primary.history.values_list("pk", "body_en")) == history_before
