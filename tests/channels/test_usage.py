"""Answers served are counted without a database write per request; the flush job writes them."""

import io
import threading
import time
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels import usage
from channels.models import AnswerTotal, ServedCount
from channels.stored import render_pending

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/delivery/{channel}/answers/refund-time/"


@pytest.fixture(autouse=True)
def _empty_tally():
    usage.push()  # nothing left over from another test's requests
    usage.COUNTERS.store().clear()
    yield


def served_rows() -> dict[tuple[str, str, int], int]:
    return {
        (row.channel.slug, row.language, row.version_id): row.count
        for row in ServedCount.objects.select_related("channel")
    }


def writes(queries: list[dict]) -> list[str]:
    table = ServedCount._meta.db_table
    return [q["sql"] for q in queries if table in q["sql"] and "SELECT" not in q["sql"][:10]]


@pytest.mark.parametrize("stored", [True, False])
def test_answers_read_are_counted_per_version_language_and_channel(
    stored, settings, refund, channels, chat_client, client
):
    settings.PARLEY_DELIVERY_STORED = stored
    render_pending()
    with CaptureQueriesContext(connection) as captured:
        for _ in range(3):
            assert client.get(DETAIL.format(channel="help-page"), {"lang": "fi"}).status_code == 200
        # ja on chat; chat has no fi of its own: it is served the help-page text in fi.
        assert chat_client.get(DETAIL.format(channel="chat"), {"lang": "ja"}).status_code == 200
        assert chat_client.get(DETAIL.format(channel="chat"), {"lang": "fi"}).status_code == 200
        # Lists and searches are not an answer shown.
        assert client.get("/api/v1/delivery/help-page/answers/").status_code == 200
        usage.push()
    assert writes(captured.captured_queries) == []
    assert not ServedCount.objects.exists()

    assert usage.flush() == 5
    primary, chat = refund["primary"].pk, refund["chat"].pk
    assert served_rows() == {
        ("help-page", "fi", primary): 3,
        ("chat", "ja", chat): 1,
        ("chat", "fi", primary): 1,  # the version served, on the channel that asked
    }
    row = ServedCount.objects.get(channel__slug="help-page")
    assert row.entry == refund["entry"]
    assert row.day == datetime.now(UTC).date()


def test_a_not_modified_answer_counts_and_a_rendered_one_too(refund, channels, chat_client, client):
    url = DETAIL.format(channel="help-page")
    first = client.get(url, {"lang": "en"})
    again = client.get(url, {"lang": "en"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    rendered = chat_client.post(
        DETAIL.format(channel="chat") + "render/",
        {"lang": "en", "variables": {"customer_name": "Aino"}},
        format="json",
    )
    assert rendered.status_code == 200
    usage.flush()
    assert served_rows() == {
        ("help-page", "en", refund["primary"].pk): 2,
        ("chat", "en", refund["chat"].pk): 1,
    }


def test_counting_off_counts_nothing(settings, refund, client):
    settings.PARLEY_COUNT_SERVED = False
    client.get(DETAIL.format(channel="help-page"), {"lang": "en"})
    assert usage.flush() == 0


def test_concurrent_requests_and_flushes_count_every_answer_once(refund, channels, monkeypatch):
    monkeypatch.setattr(usage, "PUSH_SECONDS", 0.0)  # every answer pushes: the most racing
    help_page, chat = channels["help-page"].pk, channels["chat"].pk
    bodies = {
        version: f'{{"key":"refund-time","version":{version},"title":"x"}}'.encode()
        for version in (refund["primary"].pk, refund["chat"].pk)
    }
    threads, per_thread = 8, 200
    ready = threading.Barrier(threads + 1)
    failures = []

    def serve(n: int) -> None:
        try:
            ready.wait()
            for i in range(per_thread):
                version = refund["primary"].pk if (i + n) % 2 else refund["chat"].pk
                usage.served(
                    help_page if version == refund["primary"].pk else chat, "en", bodies[version]
                )
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)

    workers = [threading.Thread(target=serve, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    ready.wait()
    written = 0
    while any(worker.is_alive() for worker in workers):
        written += usage.flush()  # flushes race the counting
    for worker in workers:
        worker.join()
    written += usage.flush()

    assert failures == []
    assert written == threads * per_thread
    assert sum(served_rows().values()) == threads * per_thread
    assert served_rows() == {
        ("help-page", "en", refund["primary"].pk): threads * per_thread // 2,
        ("chat", "en", refund["chat"].pk): threads * per_thread // 2,
    }
    # The all-time totals were kept with every flush, to the answer.
    totals = {(t.channel.slug, t.language): t.served for t in AnswerTotal.objects.all()}
    assert totals == {
        ("help-page", "en"): threads * per_thread // 2,
        ("chat", "en"): threads * per_thread // 2,
    }


def test_with_the_cache_down_the_push_writes_directly(refund, channels, client, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    client.get(DETAIL.format(channel="help-page"), {"lang": "en"})
    monkeypatch.setattr(usage.COUNTERS, "count", down)
    assert usage.push() == 1
    assert served_rows() == {("help-page", "en", refund["primary"].pk): 1}


def test_counts_of_a_deleted_version_are_dropped(refund, channels):
    body = f'{{"version":{refund["chat"].pk}}}'.encode()
    usage.served(channels["chat"].pk, "en", body, now=time.time())
    refund["chat"].variant.delete()
    assert usage.flush() == 0
    assert not ServedCount.objects.exists()


def test_run_due_jobs_flushes_the_counts(refund, client):
    client.get(DETAIL.format(channel="help-page"), {"lang": "en"})
    out = io.StringIO()
    call_command("run_due_jobs", stdout=out)
    assert "counted 1 answer(s) served" in out.getvalue()
    assert sum(served_rows().values()) == 1
