"""Redis going away: delivery keeps answering from the database, publishing still works."""

import shutil
import socket
import subprocess
import sys

import pytest

from channels.models import DeliveryStatus, WebhookDelivery
from knowledge.workflow import VersionStatus
from tests.integration.conftest import ROOT, database_url, wait_until
from tests.integration.test_celery_worker import approved_chat_version, hook  # noqa: F401

pytestmark = [
    pytest.mark.integration(services=["postgres", "redis"]),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis(settings):
    """A redis-server of this test's own, used as the cache, that the test can kill."""
    port = free_port()
    server = subprocess.Popen(  # the same binary the CI machine runs
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--save", ""],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": url},
    }
    assert settings.CACHES["default"]["BACKEND"] == "config.cache.ResilientRedisCache"
    from django.core.cache import cache

    wait_until(lambda: _answers(cache), 10, "the test's redis-server")
    yield server
    server.kill()
    server.wait()


def _answers(cache) -> bool:
    cache.set("ping", 1)
    return cache.get("ping") == 1


def test_delivery_answers_200_with_redis_unreachable(own_redis, refund, chat_client, staff):
    from django.core.cache import cache

    from tests.channels.conftest import release

    url = "/api/v1/delivery/chat/answers/refund-time/?lang=en"
    warm = chat_client.get(url)
    assert warm.status_code == 200
    assert cache.get("delivery:generation") is not None  # the answer went through Redis

    own_redis.kill()
    own_redis.wait()
    cold = chat_client.get(url)
    assert cold.status_code == 200
    assert cold.json()["body"] == warm.json()["body"]

    # Publishing with the cache down still works, and the next read shows it.
    release(refund["chat"].variant, staff, {"body": {"en": "I'm sorry. It arrives in 5 days."}})
    fresh = chat_client.get(url)
    assert fresh.status_code == 200
    assert fresh.json()["body"] == "I'm sorry. It arrives in 5 days."
    assert chat_client.get("/api/v1/delivery/chat/answers/?lang=en").status_code == 200


def test_publishing_with_the_broker_down_succeeds_and_keeps_the_webhook(
    refund,
    staff,
    hook,  # noqa: F811
):
    version = approved_chat_version(refund, staff)
    dead = f"redis://127.0.0.1:{free_port()}/0"
    script = (
        "import django; django.setup();"
        "from django.contrib.auth.models import User;"
        "from knowledge import services; from knowledge.models import Version;"
        f"v = services.version_publish(version=Version.objects.get(pk={version.pk}),"
        " actor=User.objects.get(username='publisher'));"
        "print(v.status)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": dead,  # broker and cache both unreachable
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == VersionStatus.PUBLISHED
    assert "waits for the retry job" in done.stderr
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING  # in the outbox for run_due_jobs / beat
