"""Delivery API throughput next to a bare Django view, under gunicorn.

Seeds a throwaway SQLite database (`BENCH_DATABASE_URL` to use another) with
the demo channels and 1,000 entries, each with a help-page, chat and e-mail
variant published in all four languages (bodies of about 1 KB). Then it
serves the site with gunicorn (one sync worker, production settings) twice:

- warm: the normal local-memory cache, so repeated requests are cache hits;
- cold: Django's dummy cache, so every request resolves from the database
  (token, channels, entries, versions), like the first read after a publish.

In each run it measures the chat channel's `answers/?lang=ja&page_size=20`
and one answer's detail, each next to `/bare/<name>/`: a view in the same
process and settings that returns the very same bytes from memory. It prints
requests per second, p50/p99 latency and the worker's CPU time per request.
The throttle is raised for the run so that it measures serving, not refusing.
"""

import http.client
import io
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="parley-bench-"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from channels.models import Channel, ChannelToken  # noqa: E402
from channels.services import channel_token_create  # noqa: E402
from knowledge.digests import text_digest  # noqa: E402
from knowledge.languages import language_codes, localized, source_language  # noqa: E402
from knowledge.models import Entry, Topic, Variant, Version  # noqa: E402

ENTRIES = 1000
PORT = int(os.environ.get("BENCH_PORT", "8765"))
REQUESTS = {"warm": 2000, "cold": 500}
BODY_SEEDS = {
    "en": "Open My orders, choose the order and press Return. ",
    "ja": "注文履歴から該当の注文を選び、「返品」を押してください。",
    "fi": "Avaa Tilaukseni, valitse tilaus ja paina Palauta. ",
    "zh-hant": "請在訂單紀錄中選擇該筆訂單，然後按「退貨」。",
}


def about_1kb(seed: str) -> str:
    text = ""
    while len(text.encode()) < 1000:
        text += seed
    return text


def seed() -> str:
    """Demo channels plus ENTRIES published entries; returns a chat channel token."""
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())  # no passwords printed
    topic = Topic.objects.first()
    channels = [Channel.objects.get(slug=slug) for slug in ("help-page", "chat", "email")]
    entries = Entry.objects.bulk_create(
        Entry(key=f"bench-{n:04d}", topic=topic, questions_en="Where is my order?")
        for n in range(ENTRIES)
    )
    variants = Variant.objects.bulk_create(
        Variant(entry=entry, channel=channel) for entry in entries for channel in channels
    )
    now = timezone.now()
    versions = []
    for variant in variants:
        version = Version(variant=variant, number=1, status="published", published_at=now)
        for code in language_codes():
            setattr(version, localized("title", code), f"{variant.entry.key} ({code})")
            setattr(version, localized("body", code), about_1kb(BODY_SEEDS.get(code, "Text. ")))
        versions.append(version)
    source = source_language()
    for version in versions:
        digest = text_digest(
            title=getattr(version, localized("title", source)),
            body=getattr(version, localized("body", source)),
        )
        for code in language_codes():
            setattr(version, localized("based_on", code), digest)
    Version.objects.bulk_create(versions)
    for variant, version in zip(variants, versions, strict=True):
        variant.published_version = version
    Variant.objects.bulk_update(variants, ["published_version"])
    ChannelToken.objects.filter(channel__slug="chat").delete()
    _token, raw = channel_token_create(channel=channels[1], name="bench")
    return raw


TARGETS = {
    "list": "/api/v1/delivery/chat/answers/?lang=ja&page_size=20",
    "detail": "/api/v1/delivery/chat/answers/bench-0500/?lang=ja",
}


def capture(token: str, bodies: Path) -> None:
    """Write each target's response body, for the bare view to return."""
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
    for name, url in TARGETS.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
        (bodies / f"{name}.json").write_bytes(response.content)


@dataclass
class Figures:
    rate: float
    p50: float
    p99: float
    cpu: float


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def get(path: str, token: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


class Meter:
    """Latencies and worker CPU of one URL, gathered over several rounds."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.latencies: list[float] = []
        self.elapsed = 0.0
        self.cpu = 0.0

    def round(self, token: str, count: int, worker: int) -> None:
        cpu_before = cpu_seconds(worker)
        started = time.perf_counter()
        for _ in range(count):
            begin = time.perf_counter()
            status, _body = get(self.path, token)
            self.latencies.append(time.perf_counter() - begin)
            assert status == 200, (self.path, status)
        self.elapsed += time.perf_counter() - started
        self.cpu += cpu_seconds(worker) - cpu_before

    def figures(self) -> Figures:
        count = len(self.latencies)
        cuts = statistics.quantiles(self.latencies, n=100)
        return Figures(
            count / self.elapsed, cuts[49] * 1000, cuts[98] * 1000, self.cpu / count * 1000
        )


ROUNDS = 4


def measure_pair(
    path: str, bare_path: str, token: str, count: int, worker: int, expected: bytes
) -> tuple[Figures, Figures]:
    """Parley and the bare view in alternating rounds, so drift hits both alike."""
    for url in (path, bare_path):
        for _ in range(50):  # warm-up: imports, connections, caches
            status, body = get(url, token)
        assert status == 200 and body == expected, (url, status, body[:200])
    parley, bare = Meter(path), Meter(bare_path)
    for _ in range(ROUNDS):
        parley.round(token, count // ROUNDS, worker)
        bare.round(token, count // ROUNDS, worker)
    return parley.figures(), bare.figures()


def wait_until_up(token: str) -> None:
    for _ in range(100):
        try:
            get("/bare/detail/", token)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer")


def run(mode: str, token: str, bodies: Path) -> dict[str, tuple[Figures, Figures]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchsite.settings",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
        "PARLEY_DELIVERY_RATE": "100000000/min",
        "BENCH_BODIES": str(bodies),
        "BENCH_COLD": "1" if mode == "cold" else "0",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(gunicorn),
            "config.wsgi",
            "--workers",
            "1",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        wait_until_up(token)
        worker = worker_pid(server.pid)
        results = {}
        for name, url in TARGETS.items():
            expected = (bodies / f"{name}.json").read_bytes()
            results[name] = measure_pair(
                url, f"/bare/{name}/", token, REQUESTS[mode], worker, expected
            )
        return results
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def line(figures: Figures) -> str:
    return (
        f"{figures.rate:7.0f} req/s  p50 {figures.p50:6.2f} ms  p99 {figures.p99:6.2f} ms  "
        f"CPU {figures.cpu:5.2f} ms/req"
    )


TARGET_SHARE = {"warm": 0.5, "cold": 0.1}


def main() -> None:
    print(f"delivery bench: seeding {ENTRIES} entries x 4 languages x 3 channels ...")
    token = seed()
    bodies = WORKDIR / "bodies"
    bodies.mkdir()
    capture(token, bodies)
    sizes = ", ".join(f"{p.stem} {p.stat().st_size} B" for p in sorted(bodies.glob("*.json")))
    print(f"gunicorn, 1 sync worker, DEBUG off; response sizes: {sizes}")
    for mode in ("warm", "cold"):
        for name, (parley, bare) in run(mode, token, bodies).items():
            share = parley.rate / bare.rate
            verdict = "ok" if share >= TARGET_SHARE[mode] else "BELOW TARGET"
            print(f"{mode} {name:<6} parley {line(parley)}")
            print(f"{mode} {name:<6} bare   {line(bare)}")
            print(
                f"{mode} {name:<6} parley at {share:.0%} of the bare view "
                f"(target >= {TARGET_SHARE[mode]:.0%}): {verdict}"
            )


if __name__ == "__main__":
    main()
