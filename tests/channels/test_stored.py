"""Answers rendered at publish: a read is a lookup, and it is what resolving would give."""

import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from channels import stored
from channels.models import StoredAnswer, StoredPage
from knowledge import services
from knowledge.languages import language_codes
from tests.channels.conftest import publish_texts
from tests.factories import EntryFactory
from tests.templates_app.conftest import publish_snippet

pytestmark = pytest.mark.django_db

LIST = "/api/v1/delivery/{}/answers/"
DETAIL = "/api/v1/delivery/{}/answers/{}/"


@pytest.fixture
def cases(channels, refund):
    """Every way an answer resolves: own variant, inherited, fallback language,
    source language, outdated translation, an entry with nothing in some
    languages, markdown on an html channel, and enough entries for pages."""
    help_page, chat = channels["help-page"], channels["chat"]
    only_chat = EntryFactory(key="chat-only")
    publish_texts(only_chat, chat, {"fi": ("Vain chat", "Vain chatissa.")})
    markdown = EntryFactory(key="markup")
    publish_texts(
        markdown,
        help_page,
        {"en": ("Bold", "**Bold** and <script>x()</script> [link](https://example.com)")},
    )
    for number in range(25):
        entry = EntryFactory(key=f"page-{number:02d}")
        publish_texts(entry, help_page, {"en": (f"Page {number}", "Text.")})
    stored.render()
    return channels


def both_ways(client, url: str, settings, **params) -> tuple:
    """(stored, resolved) responses: status, body, and the headers a client reads."""
    seen = []
    for use_store in (True, False):
        settings.PARLEY_DELIVERY_STORED = use_store
        response = client.get(url, params)
        seen.append(
            (
                response.status_code,
                response.content,
                response.get("ETag"),
                response.get("Content-Language"),
                response.get("Cache-Control"),
                response.get("Vary"),
                response.get("Allow"),
                response.get("Content-Type"),
            )
        )
    settings.PARLEY_DELIVERY_STORED = True
    return seen[0], seen[1]


def test_every_stored_answer_and_page_is_what_resolving_gives(cases, token_for, settings):
    email_client = APIClient()
    email_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(cases['email'])}")
    chat_client = APIClient()
    chat_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(cases['chat'])}")
    by_channel = {"help-page": APIClient(), "chat": chat_client, "email": email_client}
    keys = ["refund-time", "chat-only", "markup", "page-00", "page-24", "missing"]
    compared = 0
    for slug, client in by_channel.items():
        for language in language_codes():
            for key in keys:
                fast, slow = both_ways(client, DETAIL.format(slug, key), settings, lang=language)
                assert fast == slow, (slug, language, key)
                compared += 1
            cursor = None
            while True:
                params = {"lang": language, **({"cursor": cursor} if cursor else {})}
                fast, slow = both_ways(client, LIST.format(slug), settings, **params)
                assert fast == slow, (slug, language, cursor)
                cursor = json.loads(fast[1])["next_cursor"]
                if cursor is None:
                    break
    assert compared == 3 * len(language_codes()) * len(keys)
    # Every channel and language has its pages, and the lists span two pages.
    assert StoredPage.objects.filter(channel=cases["help-page"], language="en").count() == 2


def test_a_stored_read_is_a_lookup(cases, settings):
    client = APIClient()
    client.get(DETAIL.format("help-page", "refund-time"), {"lang": "ja"})  # cache filled
    client.get(LIST.format("help-page"), {"lang": "ja"})
    with CaptureQueriesContext(connection) as queries:
        detail = client.get(DETAIL.format("help-page", "refund-time"), {"lang": "ja"})
        page = client.get(LIST.format("help-page"), {"lang": "ja"})
    assert detail.status_code == page.status_code == 200
    assert len(queries) == 0
    # A cold cache: the channels and one stored row; no entry, variant or version.
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(DETAIL.format("help-page", "refund-time"), {"lang": "ja"})
    tables = [q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in queries]
    assert tables == ["channels_channel", "channels_storedanswer"]
    # 304 on a matching ETag, from the store too.
    again = client.get(
        DETAIL.format("help-page", "refund-time"), {"lang": "ja"}, HTTP_IF_NONE_MATCH=detail["ETag"]
    )
    assert again.status_code == 304


def test_publishing_replaces_the_stored_bytes(
    cases, staff, chat_client, django_capture_on_commit_callbacks
):
    url = DETAIL.format("chat", "refund-time")
    before = chat_client.get(url, {"lang": "en"})
    variant = cases["chat"].variants.get(entry__key="refund-time")
    draft = services.version_create_draft(variant=variant, actor=staff["editor"])
    services.version_update(
        version=draft, actor=staff["editor"], texts={"body": {"en": "Refunds take 3 days now."}}
    )
    services.version_submit(version=draft, actor=staff["editor"])
    services.version_approve(version=draft, actor=staff["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(version=draft, actor=staff["publisher"])
    after = chat_client.get(url, {"lang": "en"})
    assert after.json()["body"] == "Refunds take 3 days now."
    assert after["ETag"] != before["ETag"]
    row = StoredAnswer.objects.get(channel=cases["chat"], language="en", key="refund-time")
    assert bytes(row.body) == after.content and row.etag == after["ETag"]


def test_unpublishing_withdraws_in_the_same_transaction(
    cases, staff, token_for, django_capture_on_commit_callbacks
):
    chat = cases["chat"]
    live = chat.variants.get(entry__key="refund-time").published_version
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(chat)}")
    answer = client.get(DETAIL.format("chat", "refund-time"), {"lang": "en"}).json()
    assert answer["variant_channel"] == "chat"
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.version_unpublish(version=live, actor=staff["publisher"])
        # Before anything runs after commit: nothing of the entry is stored.
        entry_id = live.variant.entry_id
        assert not StoredAnswer.objects.filter(entry_id=entry_id).exists()
        assert not StoredPage.objects.filter(entries__contains=f" {entry_id} ").exists()
    for callback in pending:
        callback()
    # The renderer puts back what is still served: the help-page text, via the chain.
    answer = client.get(DETAIL.format("chat", "refund-time"), {"lang": "en"}).json()
    assert answer["variant_channel"] == "help-page"
    assert b"I understand waiting" not in b"".join(
        bytes(b) for b in StoredAnswer.objects.values_list("body", flat=True)
    )


def test_a_snippet_publish_renders_every_answer_using_it_again(
    cases, staff, django_capture_on_commit_callbacks
):
    entry = EntryFactory(key="with-snippet")
    publish_texts(
        entry,
        cases["help-page"],
        {"en": ("Greeting", "{{snippet:hello}} Gift cards never expire.")},
    )
    stored.render([entry.pk])
    client = APIClient()
    url = DETAIL.format("help-page", "with-snippet")
    assert client.get(url, {"lang": "en"}).json()["body"].startswith(" Gift cards")
    with django_capture_on_commit_callbacks(execute=True):
        publish_snippet(staff, "hello", {"en": "Hello there!"}, channels=[cases["help-page"]])
    assert client.get(url, {"lang": "en"}).json()["body"].startswith("Hello there!")


def test_a_channels_fallback_change_renders_its_answers_again(
    cases, chat_client, django_capture_on_commit_callbacks
):
    url = DETAIL.format("chat", "refund-time")
    # Chat falls back to Japanese: a Finnish request gets the Japanese chat text.
    assert chat_client.get(url, {"lang": "zh-hant"}).json()["language"] == "ja"
    chat = cases["chat"]
    chat.fallback_languages = []
    with django_capture_on_commit_callbacks(execute=True):
        chat.save()
    assert chat_client.get(url, {"lang": "zh-hant"}).json()["language"] == "en"


def test_no_stale_answer_after_the_outbox_pass(
    cases, staff, settings, token_for, django_capture_on_commit_callbacks
):
    """Publish and unpublish in turn, rendering after each; stored equals resolved."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(cases['chat'])}")
    variant = cases["chat"].variants.get(entry__key="refund-time")
    for round_number in range(3):
        draft = services.version_create_draft(variant=variant, actor=staff["editor"])
        services.version_update(
            version=draft,
            actor=staff["editor"],
            texts={
                "title": {"en": "Your refund"},
                "body": {"en": f"Round {round_number}: refunds take {round_number} days."},
            },
        )
        services.version_submit(version=draft, actor=staff["editor"])
        services.version_approve(version=draft, actor=staff["reviewer"])
        with django_capture_on_commit_callbacks(execute=True):
            services.version_publish(version=draft, actor=staff["publisher"])
        for language in ("en", "ja", "fi"):
            fast, slow = both_ways(
                client, DETAIL.format("chat", "refund-time"), settings, lang=language
            )
            assert fast == slow
            fast, slow = both_ways(client, LIST.format("chat"), settings, lang=language)
            assert fast == slow
        if round_number == 1:
            with django_capture_on_commit_callbacks(execute=True):
                services.version_unpublish(version=draft, actor=staff["publisher"])
            fast, slow = both_ways(
                client, DETAIL.format("chat", "refund-time"), settings, lang="en"
            )
            assert fast == slow


PURGED: list[list[str]] = []


def record_purge(paths: list[str]) -> None:
    PURGED.append(sorted(paths))


def test_export_static_answers_writes_what_the_api_serves_and_only_changes(cases, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    call_command("export_static_answers", "help-page", str(tmp_path))
    client = APIClient()
    for language in ("en", "ja"):
        api = client.get(DETAIL.format("help-page", "refund-time"), {"lang": language})
        assert (tmp_path / language / "answers" / "refund-time.json").read_bytes() == api.content
    first = client.get(LIST.format("help-page"), {"lang": "en"})
    assert (tmp_path / "en" / "answers" / "index.json").read_bytes() == first.content
    cursor = first.json()["next_cursor"]
    second = client.get(LIST.format("help-page"), {"lang": "en", "cursor": cursor})
    assert (tmp_path / "en" / "answers" / f"index-{cursor}.json").read_bytes() == second.content

    stamp = (tmp_path / "en" / "answers" / "refund-time.json").stat().st_mtime_ns
    capsys.readouterr()
    call_command("export_static_answers", "help-page", str(tmp_path))
    assert "0 file(s) written, 0 removed" in capsys.readouterr().out
    assert (tmp_path / "en" / "answers" / "refund-time.json").stat().st_mtime_ns == stamp

    with pytest.raises(CommandError, match="only public channels"):
        call_command("export_static_answers", "chat", str(tmp_path))


def test_publishing_writes_and_unpublishing_removes_static_files_and_purges(
    cases, staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PARLEY_STATIC_EXPORT = {"help-page": str(tmp_path), "chat": str(tmp_path / "no")}
    settings.PARLEY_CDN_PURGE = f"{__name__}.record_purge"
    from django.core.management import call_command

    call_command("export_static_answers", "help-page", str(tmp_path), stdout=io.StringIO())
    PURGED.clear()
    entry = EntryFactory(key="gift-wrap")
    variant = services.variant_open_draft(
        entry=entry,
        channel=cases["help-page"],
        actor=staff["editor"],
        texts={"title": {"en": "Gift wrap"}, "body": {"en": "Gift wrapping costs 3 euros."}},
    )
    services.version_submit(version=variant, actor=staff["editor"])
    services.version_approve(version=variant, actor=staff["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(version=variant, actor=staff["publisher"])
    path = tmp_path / "en" / "answers" / "gift-wrap.json"
    api = APIClient().get(DETAIL.format("help-page", "gift-wrap"), {"lang": "en"})
    assert path.read_bytes() == api.content
    assert "en/answers/gift-wrap.json" in PURGED[-1]
    assert not (tmp_path / "no").exists()  # chat needs a token: never exported

    before = len(PURGED)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_unpublish(version=variant, actor=staff["publisher"])
    assert not path.exists()
    assert any("en/answers/gift-wrap.json" in paths for paths in PURGED[before:])
    index = (tmp_path / "en" / "answers" / "index.json").read_bytes()
    assert b"gift-wrap" not in index


def test_the_rate_counts_each_request_once_whichever_path_answers(cases, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"delivery": "4/min", "feedback": "30/hour"},
    }
    client = APIClient()
    answered = [
        client.get(DETAIL.format("help-page", "refund-time"), {"lang": "en"}).status_code,
        client.get(DETAIL.format("help-page", "no-such-answer"), {"lang": "en"}).status_code,
        client.get(LIST.format("help-page"), {"lang": "en", "topic": "x"}).status_code,
        client.get(LIST.format("help-page"), {"lang": "en"}).status_code,
    ]
    assert answered == [200, 404, 200, 200]
    refused = client.get(DETAIL.format("help-page", "refund-time"), {"lang": "en"})
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60


def test_turning_the_export_on_fills_the_folder_at_the_next_pass(
    cases, staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PARLEY_STATIC_EXPORT = {"help-page": str(tmp_path)}
    with django_capture_on_commit_callbacks(execute=True):
        stored.record_change(None)
    client = APIClient()
    for key in ("refund-time", "markup", "page-07"):
        api = client.get(DETAIL.format("help-page", key), {"lang": "en"})
        assert (tmp_path / "en" / "answers" / f"{key}.json").read_bytes() == api.content
    assert (tmp_path / "ja" / "answers" / "index.json").exists()


def test_a_lost_cache_write_is_repaired_before_old_bytes_are_served(
    cases, staff, monkeypatch, django_capture_on_commit_callbacks
):
    """The cache drops a write (a timeout): the withdrawn answer's old bytes must
    not stay served; the next pass deletes the key and the table answers."""
    from channels.models import StaleCacheKey

    client = APIClient()
    url = DETAIL.format("help-page", "markup")
    assert client.get(url, {"lang": "en"}).status_code == 200  # cached now
    live = cases["help-page"].variants.get(entry__key="markup").published_version
    real = stored.store_cache()

    class Dropping:
        def __getattr__(self, name):
            return getattr(real, name)

        def set_many(self, values, timeout=None):
            return list(values)  # as Redis reports keys it could not set

    monkeypatch.setattr(stored, "store_cache", lambda: Dropping())
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.version_unpublish(version=live, actor=staff["publisher"])
    pending[0]()  # the tombstones: dropped, and recorded
    assert StaleCacheKey.objects.exists()
    monkeypatch.undo()
    for callback in pending[1:]:
        callback()  # the render pass repairs first
    assert not StaleCacheKey.objects.exists()
    assert client.get(url, {"lang": "en"}).status_code == 404


def test_a_client_that_refuses_json_gets_the_ordinary_406(cases):
    client = APIClient()
    url = DETAIL.format("help-page", "refund-time")
    assert client.get(url, {"lang": "en"}, HTTP_ACCEPT="application/xml").status_code == 406
    for accept in ("", "*/*", "application/json", "text/html, application/*;q=0.5"):
        assert client.get(url, {"lang": "en"}, HTTP_ACCEPT=accept).status_code == 200


def test_a_channel_change_reaches_a_process_holding_old_views(cases, settings):
    """The generation moves after a channel change; views cached under the old
    generation by another process are never taken over the table."""
    from django.core.cache import cache as default_cache

    from channels import cache as delivery_cache
    from channels.api import cached

    client = APIClient()
    url = DETAIL.format("help-page", "refund-time")
    assert client.get(url, {"lang": "en"}).status_code == 200
    gen = delivery_cache.generation()
    old = cached.all_channel_views(gen)
    help_page = cases["help-page"]
    help_page.public = False
    help_page.save()  # on_commit (the new generation) does not run in this test
    default_cache.set(f"delivery:{gen}:channels", old)  # another process's copy
    cached._held = (None, (), 0.0, old)  # this process saw an older generation
    assert client.get(url, {"lang": "en"}).status_code == 401
