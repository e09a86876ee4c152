"""The search index on disk: fed by the outbox, one writer, rebuilt beside itself."""

import threading
import time
from datetime import timedelta

import pytest

from channels.models import SearchChange
from channels.search import indexer
from channels.search.backends import TantivyBackend, get_backend
from knowledge import services
from tests.channels.conftest import publish_texts
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def found(query: str, language: str = "en") -> list[int]:
    return [hit.entry_id for hit in get_backend().search(query, [language], 10)]


def publish_new_text(variant, staff, body: str):
    draft = services.version_create_draft(variant=variant, actor=staff["editor"])
    services.version_update(version=draft, actor=staff["editor"], texts={"body": {"en": body}})
    services.version_submit(version=draft, actor=staff["editor"])
    services.version_approve(version=draft, actor=staff["reviewer"])
    services.version_publish(version=draft, actor=staff["publisher"])
    return draft


@pytest.fixture
def indexed(refund):
    indexer.rebuild()
    return refund


def test_publish_writes_an_outbox_row_and_one_pass_makes_it_findable(indexed, staff):
    chat = indexed["chat"]
    before = SearchChange.objects.count()
    publish_new_text(chat.variant, staff, "Zanzibar vouchers apply.")  # on_commit not run
    assert SearchChange.objects.count() == before + 1
    assert found("zanzibar") == []  # nothing applied yet: readers never index

    assert indexer.apply_changes() == 1
    assert found("zanzibar") == [indexed["entry"].pk]


def test_unpublish_and_delete_take_the_text_out(indexed, staff):
    chat = indexed["chat"]
    live = publish_new_text(chat.variant, staff, "Zanzibar vouchers apply.")
    indexer.apply_changes()
    services.version_unpublish(version=live, actor=staff["publisher"])
    indexer.apply_changes()
    assert found("zanzibar") == []
    assert found("refund") == [indexed["entry"].pk]  # the help-page text still is live

    indexed["entry"].delete()
    indexer.apply_changes()
    assert found("refund") == []


def test_changes_apply_after_commit_in_the_embedded_default(
    indexed, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_text(indexed["chat"].variant, staff, "Zanzibar vouchers apply.")
    assert found("zanzibar") == [indexed["entry"].pk]


def test_example_questions_are_indexed_when_the_entry_is_saved(indexed):
    entry = indexed["entry"]
    entry.questions_en = "Where is my money back?"
    entry.save()
    indexer.apply_changes()
    assert found("money back") == [entry.pk]


def test_a_crashed_pass_is_resumed_from_the_last_applied_row(indexed, staff, monkeypatch):
    publish_new_text(indexed["chat"].variant, staff, "Zanzibar vouchers apply.")
    last = indexer.read_state().last_row

    def crash(entry_ids):
        raise RuntimeError("killed mid-pass")

    monkeypatch.setattr(indexer, "documents_for", crash)
    with pytest.raises(RuntimeError):
        indexer.apply_changes()
    assert indexer.read_state().last_row == last  # nothing recorded as applied
    assert found("zanzibar") == []
    monkeypatch.undo()

    read: list[list[int]] = []
    real = indexer.documents_for

    def counting(entry_ids):
        read.append(list(entry_ids))
        return real(entry_ids)

    monkeypatch.setattr(indexer, "documents_for", counting)
    assert indexer.apply_changes() == 1
    assert found("zanzibar") == [indexed["entry"].pk]
    assert indexer.read_state().last_row == SearchChange.objects.latest("pk").pk
    # Applied rows are not applied again by the next pass.
    read.clear()
    assert indexer.apply_changes() == 0
    assert read == []


def test_a_row_committed_late_with_a_lower_id_is_still_applied(indexed, channels):
    entry = EntryFactory(key="gift-wrap")
    publish_texts(entry, channels["help-page"], {"en": ("Gift wrap", "Gift wrapping costs 3.")})
    first = SearchChange.objects.create(entry_id=indexed["entry"].pk)
    ahead = SearchChange.objects.create(pk=first.pk + 5, entry_id=indexed["entry"].pk)
    indexer.apply_changes()
    assert indexer.read_state().last_row == ahead.pk
    # A transaction that took an id before `ahead` commits only now.
    SearchChange.objects.create(pk=first.pk + 2, entry_id=entry.pk)
    assert indexer.apply_changes() == 1
    assert found("gift wrapping") == [entry.pk]


def test_two_indexers_cannot_write_one_index(indexed):
    held = threading.Event()
    release = threading.Event()

    def other_indexer():
        with indexer.indexer_lock(indexer.index_dir(), timeout=5):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=other_indexer)
    thread.start()
    try:
        assert held.wait(5)
        with pytest.raises(indexer.IndexerBusy):
            indexer.apply_changes(timeout=0.2)
        with pytest.raises(indexer.IndexerBusy):
            indexer.rebuild(timeout=0.2)
    finally:
        release.set()
        thread.join()
    indexer.apply_changes(timeout=1)  # free again


def test_rebuild_switches_generations_with_no_window_of_empty_results(indexed, channels):
    for number in range(150):
        entry = EntryFactory(key=f"filler-{number}")
        publish_texts(entry, channels["help-page"], {"en": (f"Filler {number}", "Parcel boxes.")})
    indexer.rebuild()
    before = indexer.read_state().generation
    reader = TantivyBackend()
    assert [h.entry_id for h in reader.search("refund", ["en"], 5)] == [indexed["entry"].pk]

    answers: list[list[int]] = []
    stop = threading.Event()

    def keep_searching():
        while not stop.is_set():
            answers.append([h.entry_id for h in reader.search("refund", ["en"], 5)])

    thread = threading.Thread(target=keep_searching)
    thread.start()
    try:
        indexer.rebuild()
        time.sleep(0.05)
    finally:
        stop.set()
        thread.join()
    after = indexer.read_state().generation
    assert after != before
    assert reader._generation == after
    assert len(answers) > 1
    assert all(answer == [indexed["entry"].pk] for answer in answers)
    # The generation readers may still hold stays one more round; older ones go.
    indexer.rebuild()
    names = {path.name for path in indexer.index_dir().glob("g-*")}
    assert names == {after, indexer.read_state().generation}


def test_a_web_process_never_builds_the_index():
    assert found("refund") == []
    assert not list(indexer.index_dir().glob("g-*"))


def test_an_indexer_away_longer_than_the_outbox_keeps_rebuilds(indexed, settings):
    state = indexer.read_state()
    state.applied_at -= timedelta(days=settings.PARLEY_SEARCH_OUTBOX_DAYS).total_seconds()
    indexer._write_state(indexer.index_dir(), state)
    indexer.apply_changes()
    assert indexer.read_state().generation != state.generation
    assert found("refund") == [indexed["entry"].pk]


def test_old_outbox_rows_are_pruned(settings):
    from django.utils import timezone

    old = SearchChange.objects.create(entry_id=1)
    SearchChange.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.PARLEY_SEARCH_OUTBOX_DAYS + 1)
    )
    new = SearchChange.objects.create(entry_id=2)
    assert indexer.prune_changes() == 1
    assert list(SearchChange.objects.values_list("pk", flat=True)) == [new.pk]


def test_run_due_jobs_runs_this_hosts_indexer_pass(indexed, staff):
    from io import StringIO

    from django.core.management import call_command

    publish_new_text(indexed["chat"].variant, staff, "Zanzibar vouchers apply.")
    out = StringIO()
    call_command("run_due_jobs", stdout=out)
    assert "re-indexed 1 entry(ies) for search" in out.getvalue()
    assert found("zanzibar") == [indexed["entry"].pk]


def test_channel_visibility_and_fallback_follow_the_channel_not_the_index(
    indexed, channels, chat_client, client
):
    entry = EntryFactory(key="chat-only")
    publish_texts(entry, channels["chat"], {"en": ("Live agents", "Agents answer parrots.")})
    indexer.rebuild()
    url = "/api/v1/delivery/{}/search/"
    public = client.get(url.format("help-page"), {"q": "parrots", "lang": "en"}).json()
    assert public["results"] == []  # indexed, but the help page does not serve it
    chat = chat_client.get(url.format("chat"), {"q": "parrots", "lang": "en"}).json()
    assert [r["key"] for r in chat["results"]] == ["chat-only"]
    # Chat falls back to Japanese: a Japanese-only answer is found from a Finnish question.
    japanese = EntryFactory(key="ja-only")
    publish_texts(japanese, channels["chat"], {"ja": ("ギフト", "ギフト包装は無料です。")})
    indexer.rebuild()
    fallback = chat_client.get(url.format("chat"), {"q": "ギフト包装", "lang": "fi"}).json()
    assert [(r["key"], r["language"]) for r in fallback["results"]] == [("ja-only", "ja")]
