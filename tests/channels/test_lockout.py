"""Repeated failed logins and tokens lock the address out; an administrator can unlock."""

import io

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "pw-for-tests-1"  # UserFactory's


def log_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_from_that_address(settings):
    UserFactory(username="editor", groups=["Editors"])
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "editor", "guess")
        assert response.status_code == 200  # the form again, "enter a correct ..."
        assert "Please enter the correct username and password" in response.content.decode()
    locked = log_in(client, "editor", "guess")
    assert locked.status_code == 429
    # Even the right password is refused now, with a message saying why and until when.
    right = log_in(client, "editor", PASSWORD)
    assert right.status_code == 429
    page = right.content.decode()
    assert "Too many failed attempts" in page and "15 minutes" in page
    assert right["Retry-After"] == str(15 * 60)
    assert client.get("/admin/").status_code == 302  # not logged in
    # Keyed by user name and address together: a colleague is not locked out.
    UserFactory(username="colleague", groups=["Editors"])
    assert log_in(Client(), "colleague", PASSWORD).status_code == 302


def test_an_administrator_unlocks_by_deleting_the_attempts(settings, client_for):
    UserFactory(username="editor", groups=["Editors"])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "editor", "guess")
    assert log_in(Client(), "editor", PASSWORD).status_code == 429
    admin = client_for(UserFactory(username="root", is_staff=True, is_superuser=True))
    attempts = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert attempts.status_code == 200 and "editor" in attempts.content.decode()
    attempt = AccessAttempt.objects.get(username="editor")
    admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
    assert log_in(Client(), "editor", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("/api/v1/entries/", "Token"), ("/api/v1/delivery/chat/answers/", "Bearer")],
)
def test_an_address_sending_bad_tokens_is_locked_out_of_the_apis(
    settings, url, scheme, api_for, channels, token_for
):
    from django.core.cache import cache

    cache.clear()
    good = (
        api_for(UserFactory(username="ed", groups=["Editors"]))
        if scheme == "Token"
        else APIClient(HTTP_AUTHORIZATION=f"Bearer {token_for(channels['chat'])}")
    )
    assert good.get(url).status_code == 200
    for number in range(settings.AXES_FAILURE_LIMIT):
        response = APIClient().get(url, HTTP_AUTHORIZATION=f"{scheme} wrong-{number}")
        assert response.status_code == 401
    locked = good.get(url)
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert "unknown or revoked token came from your address" in locked.json()["detail"]
    assert int(locked["Retry-After"]) > 0
    # Another address is not affected.
    assert good.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200
    # An administrator lifts it at once.
    out = io.StringIO()
    call_command("unlock_token_address", "127.0.0.1", stdout=out)
    assert "127.0.0.1 is unlocked" in out.getvalue()
    assert good.get(url).status_code == 200


def test_every_limit_of_bad_tokens_locks_again_after_a_lockout_ends(settings, api_for, monkeypatch):
    import config.lockout

    clock = {"now": 1_000_000.0}
    monkeypatch.setattr(config.lockout.time, "time", lambda: clock["now"])
    good = api_for(UserFactory(username="ed", groups=["Editors"]))
    url = "/api/v1/entries/"
    for round_ in range(3):
        for number in range(settings.AXES_FAILURE_LIMIT):
            bad = APIClient().get(url, HTTP_AUTHORIZATION=f"Token wrong-{round_}-{number}")
            assert bad.status_code == 401
        assert good.get(url).status_code == 429, f"round {round_}"
        clock["now"] += settings.AXES_COOLOFF_TIME.total_seconds() + 1  # the lockout ends
        assert good.get(url).status_code == 200
