"""Real Celery processes for the integration tests.

`celery_processes` starts `celery -A config worker` and `celery -A config beat`
as separate process groups, on the test database and the Redis of REDIS_URL,
with a queue of their own so nothing else on that Redis is touched. Each is
stopped by signalling its process group (SIGTERM, then SIGKILL), so no child
outlives the test.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.channels.conftest import channels, chat_client, refund, staff, token_for  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def wait_until(check: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}.")


def database_url() -> str:
    """The test database (pytest-django's test_<name>) as a URL for child processes."""
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    auth = f"{user}:{s['PASSWORD']}" if s.get("PASSWORD") else user
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


class CeleryProcess:
    """One `celery -A config <kind>` process group with its log file."""

    READY = {"worker": "ready.", "beat": "beat: Starting..."}

    def __init__(self, kind: str, env: dict[str, str], log_dir: Path) -> None:
        self.kind = kind
        self.env = env
        self.log = log_dir / f"{kind}.log"
        self.process: subprocess.Popen | None = None

    def arguments(self) -> list[str]:
        if self.kind == "worker":
            return [
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ]
        schedule = self.log.with_name("beat-schedule")
        return ["beat", f"--schedule={schedule}", "--max-interval=1", "--loglevel=INFO"]

    def start(self) -> None:
        assert self.process is None, f"{self.kind} is already running"
        out = self.log.open("a")
        self.process = subprocess.Popen(
            [CELERY, "-A", "config", *self.arguments()],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )
        wait_until(self._ready, 60, f"celery {self.kind} to start (log: {self.log})")

    def _ready(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"celery {self.kind} exited:\n{self.log.read_text()[-3000:]}")
        return self.READY[self.kind] in self.log.read_text()

    def stop(self) -> None:
        if self.process is None:
            return
        group = os.getpgid(self.process.pid)
        os.killpg(group, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self.process.wait(timeout=5)
        self.process = None
        # The log restarts, so readiness is judged on the next start's lines only.
        self.log.rename(self.log.with_suffix(f".{uuid.uuid4().hex[:6]}.log"))


@pytest.fixture
def celery_processes(
    transactional_db, loopback_webhooks, settings, tmp_path
) -> Iterator[dict[str, CeleryProcess]]:
    """Unstarted worker and beat; the test starts and stops them. Both stop at the end."""
    from config.celery import app

    queue = f"parley-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "PARLEY_CELERY_QUEUE": queue,
        "PARLEY_JOBS_INTERVAL": "1",
        "PARLEY_WEBHOOK_ALLOW_HTTP": "1",
        "PARLEY_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # The worker is this host's search indexer: it writes the index this test reads.
        "PARLEY_SEARCH_INDEX_DIR": str(settings.PARLEY_SEARCH_INDEX_DIR),
    }
    before = app.conf.task_default_queue
    app.conf.task_default_queue = queue  # what this test process sends goes there too
    processes = {kind: CeleryProcess(kind, env, tmp_path) for kind in ("worker", "beat")}
    yield processes
    for process in processes.values():
        process.stop()
    app.conf.task_default_queue = before
    with app.connection_for_write() as conn:
        conn.default_channel.queue_delete(queue)
