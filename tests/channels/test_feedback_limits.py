"""Feedback cannot be stuffed: one vote per client and day, a throttle, no spoofed addresses."""

import pytest
from rest_framework.test import APIClient

from channels.models import Feedback

pytestmark = pytest.mark.django_db

URL = "/api/v1/delivery/help-page/answers/refund-time/feedback/"


def vote(client: APIClient, helpful: bool, **headers):
    return client.post(URL, {"lang": "en", "helpful": helpful}, format="json", **headers)


def test_one_client_has_one_vote_per_answer_a_day_and_later_ones_replace_it(refund):
    client = APIClient()
    assert vote(client, True).status_code == 201
    again = vote(client, False)
    assert again.status_code == 200
    assert Feedback.objects.count() == 1
    assert Feedback.objects.get().helpful is False
    # Another language of the answer is another vote.
    fi = client.post(URL, {"lang": "fi", "helpful": True}, format="json")
    assert fi.status_code == 201
    assert Feedback.objects.count() == 2
    # The address itself is not stored.
    assert "127.0.0.1" not in Feedback.objects.first().client_key


def test_a_flood_from_one_address_is_throttled_and_stores_one_row(refund):
    client = APIClient()
    codes = [vote(client, n % 2 == 0).status_code for n in range(40)]
    assert codes[:30] == [201] + [200] * 29
    assert set(codes[30:]) == {429}
    refused = vote(client, True)
    assert refused.json()["code"] == "throttled"
    assert Feedback.objects.count() == 1


def test_x_forwarded_for_does_not_make_a_new_client_without_trusted_proxies(refund):
    client = APIClient()
    codes = [
        vote(client, True, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(35)
    ]
    assert codes.count(429) == 5
    assert Feedback.objects.count() == 1


def test_behind_one_trusted_proxy_the_forwarded_address_counts(refund, settings):
    settings.PARLEY_TRUSTED_PROXIES = 1
    client = APIClient()
    # The proxy appends the address it saw; what the client wrote before it is ignored.
    assert vote(client, True, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1").status_code == 201
    assert vote(client, True, HTTP_X_FORWARDED_FOR="7.7.7.7, 198.51.100.1").status_code == 200
    assert vote(client, True, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 201
    assert Feedback.objects.count() == 2


def test_a_channel_server_with_its_token_posts_for_many_customers(refund, chat_client):
    url = "/api/v1/delivery/chat/answers/refund-time/feedback/"
    for _ in range(35):
        response = chat_client.post(url, {"lang": "en", "helpful": True}, format="json")
        assert response.status_code == 201
    assert Feedback.objects.count() == 35
