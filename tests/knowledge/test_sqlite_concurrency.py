"""Two people clicking at once on the embedded default (SQLite): never a 500.

A real server (gunicorn, two processes with two threads each) on a SQLite
file, as `make run` users have it; each round two reviewers approve the same
version at the same moment, then two publishers publish it.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 12

SETUP = """
import json
from django.contrib.auth.models import Group, User
from channels.models import Channel
from knowledge import services
from knowledge.models import Entry, Topic, Variant

def user(name, group):
    person = User.objects.create_user(name, password="x", is_staff=True)
    person.groups.add(Group.objects.get(name=group))
    return person

help_page = Channel.objects.create(slug="help-page", name="Help", is_primary=True, public=True)
topic = Topic.objects.create(slug="orders", name_en="Orders")
editor = user("editor", "Editors")
people = {n: user(n, g) for n, g in [
    ("rev1", "Reviewers"), ("rev2", "Reviewers"), ("pub1", "Publishers"), ("pub2", "Publishers")
]}
versions = []
for number in range(%(rounds)d):
    entry = Entry.objects.create(key=f"entry-{number}", topic=topic)
    variant = Variant.objects.create(entry=entry, channel=help_page)
    draft = services.version_create_draft(variant=variant, actor=editor)
    services.version_update(version=draft, actor=editor, texts={
        "title": {"en": f"Answer {number}"}, "body": {"en": f"Text {number}."}})
    services.version_submit(version=draft, actor=editor)
    versions.append(draft.pk)
tokens = {n: services.user_token_create(user=p)[1] for n, p in people.items()}
print(json.dumps({"versions": versions, "tokens": tokens}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def sqlite_server(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "0",
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
            text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    manage("migrate", "--noinput")
    data = json.loads(manage("shell", "-c", SETUP % {"rounds": ROUNDS}).strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--threads", "2", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/schema/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base, data
    finally:
        server.terminate()
        server.wait(timeout=20)


def etag(base: str, token: str, path: str) -> str:
    """The ETag of the version a step's `path` acts on, as its client reads it first."""
    version = path.rsplit("/", 2)[0] + "/"
    request = urllib.request.Request(
        f"{base}{version}", headers={"Authorization": f"Token {token}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.headers["ETag"]


def post(base: str, token: str, path: str, if_match: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"{base}{path}",
        data=b"{}",
        method="POST",
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "If-Match": if_match,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, "ok"
    except urllib.error.HTTPError as error:
        body = error.read().decode(errors="replace")
        code = json.loads(body).get("code", "?") if body.startswith("{") else body[:200]
        return error.code, code


def at_once(calls: list) -> list[tuple[int, str]]:
    """Run the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_simultaneous_clicks_on_sqlite_never_give_a_500(sqlite_server):
    base, data = sqlite_server
    tokens = data["tokens"]
    outcomes = []
    for version in data["versions"]:
        for action, people in (("approve", ("rev1", "rev2")), ("publish", ("pub1", "pub2"))):
            path = f"/api/v1/versions/{version}/{action}/"
            # Both read the version, then click at the same moment.
            read = {p: etag(base, tokens[p], path) for p in people}
            pair = at_once(
                [lambda t=tokens[p], path=path, e=read[p]: post(base, t, path, e) for p in people]
            )
            outcomes.append((action, pair))
    statuses = [status for _action, pair in outcomes for status, _code in pair]
    assert all(status < 500 for status in statuses), outcomes
    for _action, pair in outcomes:
        # One click wins; the other learns the version moved on since it was read
        # (or, rarely, to retry).
        assert sorted(status for status, _ in pair) in ([200, 409], [200, 412]), pair
        assert {code for status, code in pair if status != 200} <= {"precondition_failed", "busy"}
    published = urllib.request.urlopen(
        f"{base}/api/v1/delivery/help-page/answers/?page_size=100", timeout=10
    )
    assert len(json.loads(published.read())["results"]) == ROUNDS
