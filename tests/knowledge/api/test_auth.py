import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from knowledge.models import UserToken
from knowledge.services import user_token_create, user_token_revoke
from knowledge.tokens import hash_token

pytestmark = pytest.mark.django_db

ENTRIES = "/api/v1/entries/"


def test_missing_credentials_get_401_with_code_and_challenge():
    response = APIClient().get(ENTRIES)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("header", ["Token nope", "Token", "Token a b", "Token pu_ünï"])
def test_unknown_or_malformed_token_gets_401(header):
    response = APIClient().get(ENTRIES, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_create_user_token_prints_the_token_alone_on_the_last_line(editor):
    out = io.StringIO()
    call_command("create_user_token", "ed", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    assert raw.startswith("pu_") and " " not in raw
    stored = UserToken.objects.get(user=editor)
    assert stored.key_hash == hash_token(raw)
    assert raw not in (stored.prefix, stored.key_hash)  # only a digest is kept
    response = APIClient().get(ENTRIES, HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_create_user_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("create_user_token", "nobody", stdout=io.StringIO())


def test_revoked_token_gets_the_same_401_as_an_unknown_one(editor):
    token, raw = user_token_create(user=editor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert client.get(ENTRIES).status_code == 200
    user_token_revoke(token=token)
    response = client.get(ENTRIES)
    assert response.status_code == 401
    assert response.json() == {"code": "authentication_failed", "detail": "Invalid token."}


def test_token_of_an_inactive_user_stops_working(editor):
    _token, raw = user_token_create(user=editor)
    editor.is_active = False
    editor.save()
    response = APIClient().get(ENTRIES, HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 401


def test_session_login_works_too(client_for, editor):
    response = client_for(editor).get(ENTRIES)
    assert response.status_code == 200


def test_user_without_editorial_group_is_refused(api_for):
    from tests.factories import UserFactory

    response = api_for(UserFactory(username="outsider")).get(ENTRIES)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
