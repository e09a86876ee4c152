"""Every row of the resolution table, through HTTP."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def answer(client, channel: str, lang: str | None, key: str = "refund-time", **headers) -> dict:
    query = f"?lang={lang}" if lang is not None else ""
    response = client.get(f"/api/v1/delivery/{channel}/answers/{key}/{query}", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def picked(body: dict) -> tuple:
    return (
        body["variant_channel"],
        body["language"],
        body["requested_language"],
        body["is_fallback"],
    )


@pytest.mark.parametrize(
    ("channel", "lang", "expected"),
    [
        # The channel's own variant in the requested language.
        ("chat", "ja", ("chat", "ja", "ja", False)),
        # Requested language missing in the channel's variant but present in the plain
        # one: the customer's language wins over the channel's tone.
        ("chat", "fi", ("help-page", "fi", "fi", False)),
        # Not configured (well-formed): the channel's chain (ja) answers.
        ("chat", "sv", ("chat", "ja", "sv", True)),
        # Missing everywhere: channel chain (ja) before the source language.
        ("chat", "zh-hant", ("chat", "ja", "zh-hant", True)),
        # A channel without a variant is served its parent's (email -> chat).
        ("email", "ja", ("chat", "ja", "ja", False)),
        # Inheritance and language fallback at once: email -> chat/help-page, zh-hant -> en.
        ("email", "zh-hant", ("chat", "en", "zh-hant", True)),
        # The primary channel serves its own plain variant.
        ("help-page", "fi", ("help-page", "fi", "fi", False)),
        # Aliases and case are normalised.
        ("help-page", "zh-TW", ("help-page", "en", "zh-hant", True)),
        ("help-page", "JA", ("help-page", "ja", "ja", False)),
    ],
)
def test_resolution_table(refund, channels, token_for, channel, lang, expected):
    client = APIClient()
    if channel != "help-page":
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(channels[channel])}")
    assert picked(answer(client, channel, lang)) == expected


def test_answer_carries_the_served_text_and_metadata(refund, chat_client):
    body = answer(chat_client, "chat", "ja")
    assert body["title"] == "返金について"
    assert body["body"] == "お待たせしてすみません。5日で届きます。"
    assert body["format"] == "text"
    assert body["topic"] == refund["entry"].topic.slug
    assert body["version"] == refund["chat"].pk
    assert body["published_at"] is not None


def test_outdated_is_reported_for_text_written_against_an_older_source(refund, chat_client):
    assert answer(chat_client, "chat", "ja")["outdated"] is True
    assert answer(chat_client, "chat", "en")["outdated"] is False


def test_format_is_that_of_the_variant_served(refund, chat_client):
    assert answer(chat_client, "chat", "fi")["format"] == "markdown"  # help-page text


def test_without_lang_accept_language_then_the_channel_default_decide(refund, channels):
    client = APIClient()
    assert (
        answer(client, "help-page", None, HTTP_ACCEPT_LANGUAGE="fi;q=0.9, ja")["language"] == "ja"
    )
    assert answer(client, "help-page", None, HTTP_ACCEPT_LANGUAGE="de, x!")["language"] == "en"
    assert answer(client, "help-page", None)["language"] == channels["help-page"].default_language
