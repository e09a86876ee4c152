import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from channels.models import ChannelToken
from knowledge.tokens import hash_token

pytestmark = pytest.mark.django_db


def test_create_channel_token_prints_it_alone_on_the_last_line(refund, channels):
    out = io.StringIO()
    call_command("create_channel_token", "chat", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    token = ChannelToken.objects.get(channel=channels["chat"])
    assert token.key_hash == hash_token(raw) and raw.startswith("pc_")
    response = APIClient().get("/api/v1/delivery/chat/answers/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_create_channel_token_refuses_an_unknown_channel(db):
    with pytest.raises(CommandError):
        call_command("create_channel_token", "fax", stdout=io.StringIO())
