"""Answer search: text processing, the index following publication, the API and its log."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from channels.models import SearchQuery
from channels.search import indexer
from channels.search import log as search_log
from channels.search.text import terms
from knowledge import services

pytestmark = pytest.mark.django_db

URL = "/api/v1/delivery/chat/search/"


def test_terms_fold_width_case_and_accents_and_stem_per_language():
    assert set(terms("ＲＥＦＵＮＤＳ refunded", "en")) == {"refund"}
    assert "the" not in terms("the refund", "en")
    # Finnish: stems, accents folded, and a five-letter prefix for the forms the stemmer splits.
    assert terms("myöhässä", "fi") == terms("myohassa", "fi")
    assert "^tilau" in terms("tilaukseni", "fi") and "^tilau" in terms("tilauksesi", "fi")
    # Japanese and Chinese: character bigrams, full-width digits folded.
    assert {"返金", "金は"} <= set(terms("返金は５日", "ja"))
    assert "5" in terms("返金は５日", "ja")
    assert {"退款", "退", "款"} <= set(terms("退款", "zh-hant"))


@pytest.fixture
def indexed(refund):
    indexer.rebuild()
    return refund


def search(client, **params):
    return client.get(URL, params)


def test_search_answers_in_the_delivery_format_with_a_score(chat_client, indexed):
    response = search(chat_client, q="how long until my refund arrives", lang="en")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    assert data["requested_language"] == "en"
    (first,) = data["results"]
    assert (first["key"], first["language"], first["variant_channel"]) == (
        "refund-time",
        "en",
        "chat",
    )
    assert first["body"] == "I understand waiting is hard. It arrives in 5 days."
    assert first["score"] > 0


def test_search_forgives_typos_and_searches_the_fallback_chain(chat_client, indexed):
    typo = search(chat_client, q="refnud", lang="en").json()["results"]
    assert [r["key"] for r in typo] == ["refund-time"]
    # Finnish words find the Finnish text; chat has none of its own, so the
    # answer comes from the help-page variant at the end of its chain.
    finnish = search(chat_client, q="hyvitys saapuu", lang="fi").json()["results"]
    assert [(r["key"], r["language"], r["variant_channel"]) for r in finnish] == [
        ("refund-time", "fi", "help-page")
    ]
    japanese = search(chat_client, q="返金はいつ届きますか", lang="ja").json()["results"]
    assert [r["key"] for r in japanese] == ["refund-time"]


def test_only_published_text_is_found_and_the_index_follows_publication(
    chat_client, indexed, staff, django_capture_on_commit_callbacks
):
    chat = indexed["chat"]
    draft = services.version_create_draft(variant=chat.variant, actor=staff["editor"])
    services.version_update(
        version=draft, actor=staff["editor"], texts={"body": {"en": "Zanzibar vouchers apply."}}
    )
    assert search(chat_client, q="zanzibar", lang="en").json()["results"] == []

    services.version_submit(version=draft, actor=staff["editor"])
    services.version_approve(version=draft, actor=staff["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(version=draft, actor=staff["publisher"])
    assert [r["key"] for r in search(chat_client, q="zanzibar", lang="en").json()["results"]] == [
        "refund-time"
    ]

    live = chat.variant.__class__.objects.get(pk=chat.variant_id).published_version
    with django_capture_on_commit_callbacks(execute=True):
        services.version_unpublish(version=live, actor=staff["publisher"])
    results = search(chat_client, q="zanzibar", lang="en").json()["results"]
    assert results == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": "", "lang": "en"}, "invalid_query"),
        ({"q": "   ", "lang": "en"}, "invalid_query"),
        ({"lang": "en"}, "invalid_query"),
        ({"q": "x" * 10_240, "lang": "en"}, "query_too_long"),
        ({"q": "refund", "limit": "0"}, "invalid_limit"),
        ({"q": "refund", "limit": "21"}, "invalid_limit"),
        ({"q": "refund", "limit": "two"}, "invalid_limit"),
        ({"q": "refund", "lang": "!!"}, "invalid_language"),
        ({"q": "refund", "sort": "new"}, "unknown_parameter"),
    ],
)
def test_bad_search_input_is_a_400_with_a_code(chat_client, indexed, params, code):
    response = search(chat_client, **params)
    assert response.status_code == 400
    assert response.json()["code"] == code
    search_log.flush()
    assert not SearchQuery.objects.exists()


def test_limit_caps_the_results(chat_client, indexed, channels):
    from tests.channels.conftest import publish_texts
    from tests.factories import EntryFactory

    other = EntryFactory(key="refund-card")
    publish_texts(other, channels["chat"], {"en": ("Card refunds", "Card refunds arrive.")})
    indexer.rebuild()
    results = search(chat_client, q="refund", lang="en", limit="1").json()["results"]
    assert len(results) == 1
    assert len(search(chat_client, q="refund", lang="en").json()["results"]) == 2


def test_hits_and_misses_are_recorded_per_channel_and_language(chat_client, indexed, settings):
    search(chat_client, q="Refund  TIME", lang="en")
    search(chat_client, q="refund time", lang="en")
    search(chat_client, q="parrot cage sizes", lang="en")
    assert search_log.flush() == 3
    hit = SearchQuery.objects.get(query="refund time")
    assert (hit.channel.slug, hit.language, hit.searches, hit.misses) == ("chat", "en", 2, 0)
    assert hit.last_top_entry.key == "refund-time"
    miss = SearchQuery.objects.get(query="parrot cage sizes")
    assert (miss.searches, miss.misses, miss.last_top_entry) == (1, 1, None)


def test_rebuild_search_index_writes_a_document_per_entry_and_language(indexed):
    out = __import__("io").StringIO()
    call_command("rebuild_search_index", stdout=out)
    # refund-time has published text in en, ja and fi.
    assert "3 documents" in out.getvalue()


def test_editors_try_questions_for_an_entry_in_the_admin(client_for, people, indexed):
    entry = indexed["entry"]
    entry.questions_en = "How long do refunds take?"
    entry.save()
    indexer.rebuild()
    url = reverse("admin:knowledge_entry_search", args=[entry.pk])
    editor = client_for(people["editor"])
    page = editor.get(url).content.decode()
    assert "How long do refunds take?" in page
    assert "<td>1</td>" in page
    assert "<code>refund-time</code>" in page
    tried = editor.get(url, {"q": "parrot", "lang": "en"}).content.decode()
    assert "Not found" in tried
    tried = editor.get(url, {"q": "refund arrives", "lang": "en"}).content.decode()
    assert "Found first." in tried


def test_placeholders_and_snippet_references_are_not_searchable(chat_client, refund, channels):
    from tests.channels.conftest import publish_texts
    from tests.factories import EntryFactory

    entry = EntryFactory(key="greeting")
    body = "{{snippet:opener-thanks}} Hi {{customer_name}}, gift cards never expire."
    publish_texts(entry, channels["help-page"], {"en": ("Gift cards", body)})
    indexer.rebuild()
    assert search(chat_client, q="snippet opener customer name", lang="en").json()["results"] == []
    found = search(chat_client, q="do gift cards expire", lang="en").json()["results"]
    assert [r["key"] for r in found] == ["greeting"]
