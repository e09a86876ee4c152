"""Delivery expands published snippets and fills placeholders; render/ takes the values."""

import pytest
from rest_framework.test import APIClient

from channels.models import AnswerChange
from templates_app import services
from templates_app.models import Snippet
from tests.channels.conftest import publish_texts
from tests.factories import EntryFactory
from tests.templates_app.conftest import publish_snippet

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/delivery/{}/answers/{}/"
RENDER = DETAIL + "render/"


@pytest.fixture
def delay(channels, staff):
    publish_snippet(
        staff,
        "sorry-delay",
        {
            "en": "I'm sorry your parcel is late, {{customer_name}}.",
            "ja": "{{customer_name}}様、遅れて申し訳ありません。",
        },
        kind="apology",
    )
    entry = EntryFactory(key="late-parcel")
    publish_texts(
        entry,
        channels["chat"],
        {
            "en": ("Late parcel", "{{snippet:sorry-delay}} It ships on {{delivery_date}}."),
            "ja": ("配達の遅れ", "{{snippet:sorry-delay}}{{delivery_date}}に発送します。"),
        },
    )
    return entry


def test_answers_come_with_snippets_expanded_and_default_values(delay, chat_client):
    answer = chat_client.get(DETAIL.format("chat", "late-parcel") + "?lang=en").json()
    assert answer["body"] == (
        "I'm sorry your parcel is late, there. It ships on the date shown in your order."
    )
    assert answer["placeholders"] == ["customer_name", "delivery_date"]


def test_render_fills_the_channels_values_in_the_answers_language(delay, chat_client):
    response = chat_client.post(
        RENDER.format("chat", "late-parcel"),
        {"lang": "ja", "variables": {"customer_name": "田中", "delivery_date": "5月2日"}},
        format="json",
    )
    assert response.status_code == 200
    assert response["Content-Language"] == "ja"
    assert response["Cache-Control"] == "no-store"
    assert response.json()["body"] == "田中様、遅れて申し訳ありません。5月2日に発送します。"


def test_hostile_values_come_out_inert_in_html(delay, channels, token_for):
    entry = EntryFactory(key="mail")
    publish_texts(entry, channels["email"], {"en": ("Mail", "<p>Hello {{customer_name}}</p>")})
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {token_for(channels['email'])}")
    response = client.post(
        RENDER.format("email", "mail"),
        {
            "lang": "en",
            "variables": {"customer_name": "<script>x()</script>{{snippet:sorry-delay}}"},
        },
        format="json",
    )
    assert response.json()["body"] == (
        "<p>Hello &lt;script&gt;x()&lt;/script&gt;{{snippet:sorry-delay}}</p>"
    )


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"lang": "en", "variables": {"customer_name": "x" * 10_000}}, "variable_too_long"),
        ({"lang": "en", "variables": {"password": "x"}}, "unknown_variable"),
        ({"lang": "en", "variables": {"customer_name": 7}}, "invalid_variable"),
        ({"lang": "en", "variables": ["customer_name"]}, "invalid"),
        ({"lang": "en", "vars": {}}, "invalid"),
        ({"variables": {}}, "invalid"),
        ({"lang": "e n"}, "invalid_language"),
    ],
)
def test_bad_render_input_is_a_400_with_a_code(delay, chat_client, payload, code):
    response = chat_client.post(RENDER.format("chat", "late-parcel"), payload, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_render_of_an_unpublished_key_is_404(channels, chat_client):
    response = chat_client.post(RENDER.format("chat", "nothing"), {"lang": "en"}, format="json")
    assert response.status_code == 404


def test_only_the_published_snippet_text_is_served(delay, staff, chat_client):
    draft = services.snippet_open_draft(
        snippet=Snippet.objects.get(key="sorry-delay"), actor=staff["editor"]
    )
    services.snippet_version_update(version=draft, actor=staff["editor"], texts={"en": "DRAFT"})
    body = chat_client.get(DETAIL.format("chat", "late-parcel") + "?lang=en").json()["body"]
    assert "DRAFT" not in body and body.startswith("I'm sorry")


def test_publishing_a_snippet_updates_answers_feed_and_cache(
    delay, staff, chat_client, django_capture_on_commit_callbacks
):
    url = DETAIL.format("chat", "late-parcel") + "?lang=en"
    assert chat_client.get(url).json()["body"].startswith("I'm sorry")  # now cached
    before = AnswerChange.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.snippet_open_draft(
            snippet=Snippet.objects.get(key="sorry-delay"), actor=staff["editor"]
        )
        services.snippet_version_update(
            version=draft, actor=staff["editor"], texts={"en": "So sorry for the wait."}
        )
        services.snippet_version_submit(version=draft, actor=staff["editor"])
        services.snippet_version_approve(version=draft, actor=staff["reviewer"])
        services.snippet_version_publish(version=draft, actor=staff["publisher"])
    assert chat_client.get(url).json()["body"].startswith("So sorry for the wait.")
    assert list(AnswerChange.objects.values_list("entry_id", flat=True)[before:]) == [delay.pk]


def test_a_snippet_limited_to_other_channels_is_left_out(channels, staff, token_for):
    publish_snippet(staff, "chat-only", {"en": "Hey!"}, channels=[channels["chat"]])
    entry = EntryFactory(key="both")
    publish_texts(entry, channels["help-page"], {"en": ("Both", "{{snippet:chat-only}}Text.")})
    help_body = APIClient().get(DETAIL.format("help-page", "both")).json()["body"]
    chat = APIClient(HTTP_AUTHORIZATION=f"Bearer {token_for(channels['chat'])}")
    chat_body = chat.get(DETAIL.format("chat", "both")).json()["body"]
    assert (help_body, chat_body) == ("Text.", "Hey!Text.")


def test_list_with_snippets_costs_one_query_more_and_none_when_cached(
    delay, channels, chat_client, django_assert_num_queries
):
    for n in range(20):
        publish_texts(
            EntryFactory(key=f"more-{n:02d}"),
            channels["chat"],
            {"en": ("T", "{{snippet:sorry-delay}} B")},
        )
    url = "/api/v1/delivery/chat/answers/?lang=en&page_size=100"
    chat_client.get(url)  # the token's last-used time is written once a minute
    from django.core.cache import cache

    cache.clear()
    # token, channels, entries with their texts, published snippets
    with django_assert_num_queries(4):
        results = chat_client.get(url).json()["results"]
    assert len(results) == 21
    assert all(answer["body"].startswith("I'm sorry") for answer in results)
    with django_assert_num_queries(0):
        chat_client.get(url)
