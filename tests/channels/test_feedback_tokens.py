"""Feedback in the same channel: each answer carries a token the customer's side votes with."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from channels.models import Feedback
from knowledge.models import Version
from knowledge.workflow import VersionStatus
from tests.channels.conftest import publish_texts

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/delivery/chat/answers/refund-time/"


def test_an_answer_carries_its_feedback_url_and_token(refund, chat_client):
    answer = chat_client.get(DETAIL, {"lang": "ja"}).json()
    assert answer["feedback"]["url"] == DETAIL + "feedback/"
    assert answer["feedback"]["token"]


def test_the_customers_side_votes_with_the_token_alone(refund, chat_client):
    answer = chat_client.get(DETAIL, {"lang": "ja"}).json()
    browser = APIClient()  # no channel token: chat is not public
    response = browser.post(
        answer["feedback"]["url"],
        {"token": answer["feedback"]["token"], "helpful": False, "effort": 4},
        format="json",
    )
    assert response.status_code == 201, response.json()
    vote = Feedback.objects.get()
    assert (vote.version_id, vote.language, vote.effort) == (refund["chat"].pk, "ja", 4)
    # Without the token the channel stays closed.
    refused = browser.post(
        answer["feedback"]["url"], {"lang": "ja", "helpful": True}, format="json"
    )
    assert (refused.status_code, refused.json()["code"]) == (401, "not_authenticated")


def test_a_vote_is_about_the_version_shown_even_after_a_new_one(refund, chat_client, channels):
    answer = chat_client.get(DETAIL, {"lang": "en"}).json()
    old = Version.objects.get(pk=answer["version"])
    old.status = VersionStatus.SUPERSEDED  # a newer text went live meanwhile
    old.save()
    publish_texts(refund["entry"], channels["email"], {"en": ("New", "New text.")})
    response = chat_client.post(
        DETAIL + "feedback/", {"token": answer["feedback"]["token"], "helpful": True}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["version"] == old.pk
    # Long after, the token has expired: the customer saw something else by now.
    Version.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=30))
    late = chat_client.post(
        DETAIL + "feedback/", {"token": answer["feedback"]["token"], "helpful": True}, format="json"
    )
    assert (late.status_code, late.json()["code"]) == (400, "feedback_token_expired")


def test_a_forged_or_borrowed_token_is_refused(refund, chat_client):
    token = chat_client.get(DETAIL, {"lang": "en"}).json()["feedback"]["token"]
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = chat_client.post(
        DETAIL + "feedback/", {"token": forged, "helpful": True}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_feedback_token")
    # The chat answer's token does not vote on the help page.
    other = APIClient().post(
        "/api/v1/delivery/help-page/answers/refund-time/feedback/",
        {"token": token, "helpful": True},
        format="json",
    )
    assert (other.status_code, other.json()["code"]) == (400, "invalid_feedback_token")
    assert not Feedback.objects.exists()
