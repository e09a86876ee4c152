"""Queries and time of the admin entries changelist, with 8 and with 1,000 entries.

Runs on a throwaway SQLite database (or DATABASE_URL when set): each entry gets a
help-page and a chat variant with a published version in every language, and
every fourth entry an open draft. Prints one line per size.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from channels.models import Channel  # noqa: E402
from knowledge.languages import language_codes, localized  # noqa: E402
from knowledge.models import Entry, Topic, Variant, Version  # noqa: E402


def grow_to(count: int, channels: list[Channel], topic: Topic) -> None:
    body = "Open My orders and select the order. " * 25  # about 1 KB
    for n in range(Entry.objects.count(), count):
        entry = Entry.objects.create(key=f"bench-{n}", topic=topic, questions_en="Where?")
        for channel in channels:
            variant = Variant.objects.create(entry=entry, channel=channel)
            texts = {}
            for code in language_codes():
                texts[localized("title", code)] = f"Answer {n} ({code})"
                texts[localized("body", code)] = body
            live = Version.objects.create(variant=variant, number=1, status="published", **texts)
            variant.published_version = live
            if n % 4 == 0:
                variant.draft = Version.objects.create(variant=variant, number=2, **texts)
            variant.save()


def measure(client: Client) -> tuple[int, float, int]:
    client.get("/admin/knowledge/entry/")  # warm caches
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get("/admin/knowledge/entry/")
        elapsed = time.perf_counter() - start
    assert response.status_code == 200
    return len(queries.captured_queries), elapsed, len(response.context["cl"].result_list)


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("bench", "bench@example.test", "x")
    help_page = Channel.objects.create(slug="help-page", name="Help", is_primary=True)
    chat = Channel.objects.create(slug="chat", name="Chat", tone="empathetic")
    topic = Topic.objects.create(slug="orders", name_en="Orders")
    client = Client()
    client.force_login(user)
    for size in (8, 1000):
        grow_to(size, [help_page, chat], topic)
        queries, elapsed, rows = measure(client)
        print(
            f"entries changelist: {size:>5} entries, {rows:>3} rows shown, "
            f"{queries} queries, {elapsed * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
