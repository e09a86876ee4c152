"""Ranking: editors' synonyms, negation, and re-ranking by meaning."""

from urllib.parse import quote

import pytest
import tantivy
from django.urls import reverse

from channels.models import SearchSynonym, SearchVector
from channels.search import indexer, vectors
from channels.search.backends import get_backend
from channels.search.documents import documents_for
from channels.search.negation import without_negated
from channels.search.query import question
from tests.channels.conftest import publish_texts
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def keys(query: str, language: str = "en") -> list[str]:
    from knowledge.models import Entry

    ids = [hit.entry_id for hit in get_backend().search(query, [language], 10)]
    by_id = dict(Entry.objects.filter(pk__in=ids).values_list("pk", "key"))
    return [by_id[i] for i in ids]


@pytest.fixture
def neighbours(channels):
    texts = {
        "cancel-subscription": ("Cancel your subscription", "Cancel the plan for good."),
        "pause-subscription": ("Pause your subscription", "Pause the plan for a month."),
        "apply-promo-code": ("Use a promo code", "Type the promo code at checkout."),
    }
    for key, text in texts.items():
        publish_texts(EntryFactory(key=key), channels["help-page"], {"en": text})
    indexer.rebuild()


@pytest.mark.parametrize(
    ("text", "language", "kept", "dropped"),
    [
        ("quit the subscription for good, not pause it", "en", "quit", "pause"),
        ("I want a different size instead of a refund", "en", "size", "refund"),
        ("the parcel did not arrive", "en", "arrive", None),
        ("一時停止ではなく解約したい", "ja", "解約", "一時停止"),
        ("荷物が届かない", "ja", "届かない", None),
        ("我要取消而不是暫停", "zh-hant", "取消", "暫停"),
        ("不是暫停，是取消", "zh-hant", "取消", "暫停"),
        ("還沒收到", "zh-hant", "收到", None),
        ("ei taukoa vaan lopetus", "fi", "lopetus", "taukoa"),
        ("paketti ei tullut", "fi", "tullut", None),
    ],
)
def test_words_set_aside_by_negation_are_left_out(text, language, kept, dropped):
    left = without_negated(text, language)
    assert kept in left
    if dropped is not None:
        assert dropped not in left


def test_a_negated_neighbour_no_longer_wins(neighbours):
    assert keys("stop my subscription, not pause it")[0] == "cancel-subscription"


def test_editors_synonyms_find_the_answer_in_other_words(
    neighbours, django_capture_on_commit_callbacks
):
    assert keys("my coupon fails") == []
    with django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.create(language="en", phrases="promo code\ncoupon, voucher")
    asked = question("my coupon fails", "en")
    assert {"promo", "code"} <= set(asked.synonyms)
    assert keys("my coupon fails")[0] == "apply-promo-code"
    # Only in its own language.
    assert question("my coupon fails", "fi").synonyms == {}
    # Deleting the group takes it out of every process's next question.
    with django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.all().delete()
    assert question("my coupon fails", "en").synonyms == {}


def test_editors_keep_synonyms_in_the_admin(client_for, people):
    editor = client_for(people["editor"])
    url = reverse("admin:channels_searchsynonym_add")
    response = editor.post(
        url, {"language": "ja", "phrases": "クーポン\r\n割引コード", "note": "from the log"}
    )
    assert response.status_code == 302
    synonym = SearchSynonym.objects.get(note="from the log")
    assert synonym.phrase_list() == ["クーポン", "割引コード"]
    refused = editor.post(url, {"language": "xx", "phrases": "a, b"})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    # From "Try a question": back to it after saving; never to another site.
    back = "/admin/knowledge/entry/1/search/?q=coupon&lang=ja"
    came = editor.post(
        f"{url}?language=ja&next={quote(back)}",
        {"language": "ja", "phrases": "a, b", "_save": "Save"},
    )
    assert came.status_code == 302 and came["Location"] == back
    away = editor.post(
        f"{url}?next={quote('https://evil.example/')}",
        {"language": "ja", "phrases": "c, d", "_save": "Save"},
    )
    assert away["Location"] == reverse("admin:channels_searchsynonym_changelist")
    reviewer = client_for(people["reviewer"])
    assert reviewer.get(reverse("admin:channels_searchsynonym_changelist")).status_code == 200
    assert reviewer.get(url).status_code == 403


@pytest.fixture
def reranking(settings):
    settings.PARLEY_SEARCH_RERANK = True


def test_meaning_reorders_near_neighbours_and_vectors_are_made_once(
    reranking, channels, monkeypatch, settings
):
    texts = {
        "refund-store-credit": (
            "Refund as store credit",
            "We can refund an order as store credit. Credit is added to your account balance "
            "and can be spent on any order.",
        ),
        "refund-card": (
            "Refund to your card",
            "A refund goes back to the card you paid with. The bank shows it in 5 days.",
        ),
    }
    for key, text in texts.items():
        publish_texts(EntryFactory(key=key), channels["help-page"], {"en": text})
    embedded: list[int] = []
    real = vectors.embed_passages

    def counting(texts: list[str]) -> list[bytes]:
        embedded.append(len(texts))
        return real(texts)

    monkeypatch.setattr(vectors, "embed_passages", counting)
    indexer.rebuild()
    assert sum(embedded) == 2 and SearchVector.objects.count() == 2
    # The words alone would answer each of these with the other neighbour.
    for question_text, meant in [
        ("refund the order to my visa", "refund-card"),
        ("refund so I can buy something else later", "refund-store-credit"),
    ]:
        settings.PARLEY_SEARCH_RERANK = False
        assert keys(question_text)[0] != meant
        settings.PARLEY_SEARCH_RERANK = True
        assert keys(question_text)[0] == meant
    hits = get_backend().search("refund the order to my visa", ["en"], 5)
    assert all(0 < hit.score <= 1.001 for hit in hits)
    (alone,) = get_backend().search("spent on any order", ["en"], 5)
    assert alone.score == 1.001  # the same scale with one candidate

    embedded.clear()
    indexer.rebuild()  # nothing changed: every vector is reused
    assert sum(embedded) == 0
    assert SearchVector.objects.count() == 2


def test_each_language_is_ranked_by_its_meaning_across_the_entry_translations(reranking, channels):
    import numpy as np

    texts = {
        "en": ("Pause your subscription", "Pause deliveries for up to three months."),
        "fi": ("Kestotilauksen keskeyttäminen", "Keskeytä toimitukset kolmeksi kuukaudeksi."),
    }
    entry = EntryFactory(key="pause")
    publish_texts(entry, channels["help-page"], texts)
    alone = EntryFactory(key="alone")
    publish_texts(alone, channels["help-page"], {"en": texts["en"]})
    indexer.rebuild()
    searcher = indexer.open_index(indexer.index_dir() / indexer.read_state().generation).searcher()
    stored = {}
    for _score, address in searcher.search(tantivy.Query.all_query(), 10).hits:
        doc = searcher.doc(address)
        stored[(doc["entry"][0], doc["language"][0])] = vectors.unpack(doc["vector"][0])
    own = {
        document.language: vectors.unpack(vectors.embed_passages([document.passage])[0])
        for document in documents_for([entry.pk])[entry.pk]
    }
    # Half its own text, half the mean over the entry's languages (its own included).
    for code, other in (("en", "fi"), ("fi", "en")):
        expected = 0.75 * own[code] + 0.25 * own[other]
        assert np.linalg.norm(stored[(entry.pk, code)] - expected) < 0.02
    # An entry published in one language keeps that language's vector.
    assert np.linalg.norm(stored[(alone.pk, "en")] - own["en"]) < 0.01
    assert np.linalg.norm(stored[(entry.pk, "en")] - own["en"]) > 0.05


def test_an_unknown_finnish_compound_is_found_by_its_last_word(channels):
    texts = {
        "duplicate-charge": ("Kaksi veloitusta", "Veloitus näkyy tiliotteella kahdesti."),
        "change-address": ("Osoitteen muuttaminen", "Vaihda toimitusosoite asetuksista."),
    }
    for key, text in texts.items():
        publish_texts(EntryFactory(key=key), channels["help-page"], {"fi": text})
    indexer.rebuild()
    # No text says "tuplaveloitus" (double charge) or "katuosoite" (street address).
    assert keys("tuplaveloitus", "fi") == ["duplicate-charge"]
    assert keys("väärä katuosoite", "fi")[0] == "change-address"
    # Only Finnish is read this way, and only words the index does not know.
    assert keys("tuplaveloitus", "en") == []


def test_vectors_survive_the_int8_packing():
    import numpy as np

    rng = np.random.default_rng(7)
    a, b = rng.normal(size=vectors.DIM), rng.normal(size=vectors.DIM)
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    packed = vectors.unpack(vectors.pack(a)) @ vectors.unpack(vectors.pack(b))
    assert abs(packed - a @ b) < 0.003
    assert len(vectors.pack(a)) == 4 + vectors.DIM
    assert not vectors.unpack(vectors.pack(np.zeros(vectors.DIM))).any()


def test_what_contractions_leave_is_not_searched(neighbours):
    assert question("my promo code doesnt work, it doesn't", "en").weights.keys() == {
        "promo",
        "code",
        "work",
    }
