"""Webhooks go only to public receivers; their secret is shown once and never again."""

import hashlib
import hmac
import json
import socket
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from channels import destinations
from channels.models import Channel, DeliveryStatus, WebhookDelivery
from knowledge import services
from knowledge.services import user_token_create
from tests.channels.conftest import release
from tests.channels.test_webhooks import Receiver
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REFUSED_URLS = [
    "https://127.0.0.1/hook",
    "https://localhost/hook",
    "https://api.localhost/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://10.0.0.8/hook",
    "https://172.16.3.4/hook",
    "https://192.168.1.1/hook",
    "https://100.64.0.1/hook",
    "https://0.0.0.0/hook",
    "http://hooks.example.com/hook",  # http without PARLEY_WEBHOOK_ALLOW_HTTP
    "https://user:pw@hooks.example.com/hook",
]


def channel_form(channel: Channel | None = None, **changes) -> dict:
    data = {
        "slug": "ticket",
        "name": "Tickets",
        "tone": "empathetic",
        "format": "text",
        "max_length": "",
        "default_language": "en",
        "fallback_languages": "[]",
        "webhook_url": "",
    }
    if channel is not None:
        data.update(slug=channel.slug, name=channel.name, tone=channel.tone, format=channel.format)
    data.update(changes)
    return data


@pytest.fixture
def manager(client_for):
    return client_for(UserFactory(username="manager", groups=["Channel managers"]))


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_a_non_public_or_plain_http_webhook_url_is_refused_when_saved(manager, channels, url):
    response = manager.post(reverse("admin:channels_channel_add"), channel_form(webhook_url=url))
    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors["webhook_url"]
    assert not Channel.objects.filter(slug="ticket").exists()


def test_the_allow_list_admits_an_on_premise_receiver(loopback_webhooks, channels):
    channel = channels["chat"]
    channel.webhook_url = "http://127.0.0.1:9/hook"
    channel.full_clean()
    loopback_webhooks.PARLEY_WEBHOOK_ALLOWED_HOSTS = []
    with pytest.raises(ValidationError):
        channel.full_clean()


@pytest.fixture
def fake_dns(monkeypatch):
    """What the name hooks.example.com resolves to; the test changes it (rebinding)."""
    answer = {"address": "93.184.216.34"}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "hooks.example.com":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer["address"], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(destinations.socket, "getaddrinfo", getaddrinfo)
    return answer


def test_a_name_that_turns_private_after_saving_is_refused_at_send(
    refund, staff, channels, fake_dns, settings, django_capture_on_commit_callbacks
):
    settings.PARLEY_WEBHOOK_ALLOW_HTTP = True
    receiver = Receiver([200])
    chat = channels["chat"]
    chat.webhook_url = f"http://hooks.example.com:{receiver.server.server_port}/hook"
    chat.full_clean()  # public when saved
    chat.save()
    fake_dns["address"] = "127.0.0.1"  # ...then the name points at this machine
    with django_capture_on_commit_callbacks(execute=True):
        release(refund["chat"].variant, staff, {"body": {"fi": "Uusi"}})
    receiver.close()
    assert receiver.received == []
    delivery = WebhookDelivery.objects.get(channel=chat)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "non-public address (127.0.0.1)" in delivery.last_error


def test_localhost_written_past_the_form_is_refused_at_send(
    refund, staff, channels, settings, django_capture_on_commit_callbacks
):
    settings.PARLEY_WEBHOOK_ALLOW_HTTP = True
    receiver = Receiver([200])
    Channel.objects.filter(pk=channels["chat"].pk).update(
        webhook_url=f"http://localhost:{receiver.server.server_port}/hook"
    )
    with django_capture_on_commit_callbacks(execute=True):
        release(refund["chat"].variant, staff, {"body": {"fi": "Uusi"}})
    receiver.close()
    assert receiver.received == []
    assert WebhookDelivery.objects.get(channel__slug="chat").last_error.startswith("Refused")


class Redirecting(Receiver):
    def __init__(self, location: str) -> None:
        super().__init__([302])
        self.location = location
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                outer.received.append((dict(self.headers), b""))
                self.send_response(302)
                self.send_header("Location", outer.location)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server.RequestHandlerClass = Handler


def test_a_redirect_is_a_failed_attempt_and_is_not_followed(
    refund, staff, channels, loopback_webhooks, django_capture_on_commit_callbacks
):
    target = Receiver([200])
    redirecting = Redirecting(target.url)
    chat = channels["chat"]
    chat.webhook_url = redirecting.url
    chat.save()
    with django_capture_on_commit_callbacks(execute=True):
        release(refund["chat"].variant, staff, {"body": {"fi": "Uusi"}})
    redirecting.close()
    target.close()
    assert len(redirecting.received) == 1
    assert target.received == []
    delivery = WebhookDelivery.objects.get(channel=chat)
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.PENDING, 302)
    assert "redirects are not followed" in delivery.last_error


# --- the secret ---------------------------------------------------------------------


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_secret_is_made_by_the_server_shown_once_and_kept_out_of_history(
    manager, channels, fake_dns
):
    response = manager.post(
        reverse("admin:channels_channel_add"),
        channel_form(webhook_url="https://hooks.example.com/parley", webhook_secret="mine"),
        follow=True,
    )
    channel = Channel.objects.get(slug="ticket")
    secret = channel.webhook_secret
    assert secret.startswith("whsec_") and len(secret) > 40  # "mine" was ignored
    assert sum(secret in message for message in messages_of(response)) == 1
    # Never rendered again: not on the change page, the list, or the history.
    for name, args in [
        ("admin:channels_channel_change", [channel.pk]),
        ("admin:channels_channel_changelist", []),
        ("admin:channels_channel_history", [channel.pk]),
    ]:
        page = manager.get(reverse(name, args=args))
        assert page.status_code == 200
        assert secret not in page.content.decode()
    history_fields = {f.name for f in Channel.history.model._meta.get_fields()}
    assert "webhook_secret" not in history_fields
    assert "webhook_previous_secret" not in history_fields
    assert channel.history.count() == 1


def test_rotating_signs_with_both_secrets_during_the_grace_period(
    manager, refund, staff, channels, loopback_webhooks, django_capture_on_commit_callbacks
):
    receiver = Receiver([200])
    chat = channels["chat"]
    chat.webhook_url = receiver.url
    chat.webhook_secret = "old-secret"
    chat.save()
    response = manager.post(
        reverse("admin:channels_channel_changelist"),
        {"action": "rotate_webhook_secret", "_selected_action": [chat.pk]},
        follow=True,
    )
    chat.refresh_from_db()
    assert chat.webhook_secret != "old-secret"
    assert any(chat.webhook_secret in message for message in messages_of(response))
    with django_capture_on_commit_callbacks(execute=True):
        release(refund["chat"].variant, staff, {"body": {"fi": "Uusi"}})
    receiver.close()
    headers, body = receiver.received[0]

    def signed(secret: str) -> str:
        return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()

    assert headers["X-Parley-Signature"] == signed(chat.webhook_secret)
    assert headers["X-Parley-Signature-Previous"] == signed("old-secret")


def test_an_editor_cannot_rotate_a_secret(client_for, channels):
    editor = client_for(UserFactory(username="ed2", groups=["Editors"]))
    chat = channels["chat"]
    chat.webhook_secret = "kept"
    chat.save()
    editor.post(
        reverse("admin:channels_channel_changelist"),
        {"action": "rotate_webhook_secret", "_selected_action": [chat.pk]},
    )
    chat.refresh_from_db()
    assert chat.webhook_secret == "kept"


# --- publishing does not wait for receivers -------------------------------------------


# serialized_rollback: a flush without it gives content types new ids, which the
# browser tests (serialized_rollback too) would then collide with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_answers_before_the_webhook_is_sent(live_server, loopback_webhooks):
    """The receiver holds its answer until the publish response has arrived.

    Were the webhook sent inside the publish request, the request would wait
    for the receiver, the attempt would time out and the delivery would stay
    undelivered; sent after the response, the receiver answers once released.
    """
    from tests.channels.conftest import publish_texts
    from tests.factories import ChannelFactory, EntryFactory

    released = threading.Event()
    received: list[bytes] = []

    class Slow(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            released.wait(20)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    help_page = ChannelFactory(slug="help-page", tone="plain", is_primary=True, public=True)
    help_page.webhook_url = f"http://127.0.0.1:{server.server_port}/hook"
    help_page.save()
    entry = EntryFactory(key="slow")
    publish_texts(entry, help_page, {"en": ("Old", "Old text.")})
    editor = UserFactory(username="editor", groups=["Editors"])
    approver = UserFactory(username="reviewer", groups=["Reviewers"])
    publisher = UserFactory(username="publisher", groups=["Publishers"])
    variant = help_page.variants.get(entry=entry)
    draft = services.version_create_draft(variant=variant, actor=editor)
    services.version_update(version=draft, actor=editor, texts={"body": {"en": "New text."}})
    services.version_submit(version=draft, actor=editor)
    services.version_approve(version=draft, actor=approver)
    _token, raw = user_token_create(user=publisher)

    read = urllib.request.Request(
        f"{live_server.url}/api/v1/versions/{draft.pk}/", headers={"Authorization": f"Token {raw}"}
    )
    with urllib.request.urlopen(read, timeout=30) as response:
        etag = response.headers["ETag"]
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/versions/{draft.pk}/publish/",
        data=b"{}",
        method="POST",
        headers={
            "Authorization": f"Token {raw}",
            "Content-Type": "application/json",
            "If-Match": etag,
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        assert json.loads(response.read())["status"] == "published"
    released.set()
    delivery = WebhookDelivery.objects.get()
    for _ in range(100):
        delivery.refresh_from_db()
        if delivery.status == DeliveryStatus.DELIVERED:
            break
        threading.Event().wait(0.1)
    server.shutdown()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 1 and len(received) == 1


def test_pointing_the_webhook_elsewhere_makes_a_new_secret(manager, channels, fake_dns):
    add = manager.post(
        reverse("admin:channels_channel_add"),
        channel_form(webhook_url="https://hooks.example.com/a"),
        follow=True,
    )
    channel = Channel.objects.get(slug="ticket")
    first = channel.webhook_secret
    assert any(first in message for message in messages_of(add))
    # Saving with the same URL keeps it and shows nothing.
    same = manager.post(
        reverse("admin:channels_channel_change", args=[channel.pk]),
        channel_form(channel, webhook_url="https://hooks.example.com/a"),
        follow=True,
    )
    channel.refresh_from_db()
    assert channel.webhook_secret == first
    assert not any("whsec_" in message for message in messages_of(same))
    moved = manager.post(
        reverse("admin:channels_channel_change", args=[channel.pk]),
        channel_form(channel, webhook_url="https://hooks.example.com/b"),
        follow=True,
    )
    channel.refresh_from_db()
    assert channel.webhook_secret != first
    assert any(channel.webhook_secret in message for message in messages_of(moved))
    assert channel.webhook_previous_secret == ""  # the new receiver never had the old one


def test_the_shown_secret_does_not_travel_in_a_cookie(manager, channels, fake_dns):
    response = manager.post(
        reverse("admin:channels_channel_add"),
        channel_form(webhook_url="https://hooks.example.com/a"),
    )
    assert response.status_code == 302
    assert "messages" not in response.cookies


def test_rotating_a_channel_without_a_webhook_says_so(manager, channels):
    response = manager.post(
        reverse("admin:channels_channel_changelist"),
        {"action": "rotate_webhook_secret", "_selected_action": [channels["chat"].pk]},
        follow=True,
    )
    assert any("has no webhook URL" in message for message in messages_of(response))
    channels["chat"].refresh_from_db()
    assert channels["chat"].webhook_secret == ""
