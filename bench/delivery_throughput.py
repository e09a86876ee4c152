"""Delivery API throughput next to a bare Django view, under gunicorn, and the
static export served by nginx.

Seeds a throwaway SQLite database (`BENCH_DATABASE_URL` to use another) with
the demo channels and 1,000 entries, each with a help-page, chat and e-mail
variant published in all four languages (bodies of about 1 KB), and renders
them into the store (`channels.stored`), as publishing does. Then it serves the
site with gunicorn (one sync worker, production settings) twice:

- warm: the normal local-memory cache, so a read is one cache lookup;
- cold: Django's dummy cache, so every request reads its stored response (and
  the channels and the token) from the database, like the first read after a
  restart.

Then one answer's detail from two warm servers side by side, one counting the
answers served (`channels.usage`, as by default) and one not
(`PARLEY_COUNT_SERVED=0`): the cost of counting, in the same run; twice, the
second time with ports and turns swapped. `--counting-only` runs only that;
`--repeat N` does it N times and prints the median of the ratios, since one
pair on a 2-core machine varies by more than the effect measured.

In each run it measures the chat channel's `answers/?lang=ja&page_size=20`
and one answer's detail, each next to `/bare/<name>/`: a view in the same
process and settings that returns the very same bytes from memory. Last, the
help page is exported as files (`export_static_answers`) and nginx serves one
answer, next to the bare view returning the same bytes.

With `wrk` installed (Debian: `apt-get install wrk nginx-light`), load comes
from wrk with 16 connections pinned to one core while the server is pinned to
the other, for ROUNDS rounds alternating with the bare view; without it, from a
sequential Python client (which then caps every figure, so ratios say less).
Printed: requests per second, latency and the server's CPU time per request.
The throttle is raised for the run so that it measures serving, not refusing.
"""

import http.client
import io
import os
import re
import shutil
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

from channels import stored  # noqa: E402
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
    started = time.perf_counter()
    result = stored.render()
    print(
        f"rendered {result.written} answers and {result.pages} list pages into the store "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return raw


TARGETS = {
    "list": "/api/v1/delivery/chat/answers/?lang=ja&page_size=20",
    "detail": "/api/v1/delivery/chat/answers/bench-0500/?lang=ja",
}
# The help page's answer, as the static export holds it.
STATIC = ("static", "/api/v1/delivery/help-page/answers/bench-0500/?lang=ja")


def capture(token: str, bodies: Path) -> None:
    """Write each target's response body, for the bare view to return."""
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
    public = Client(HTTP_HOST="127.0.0.1")
    for name, url in [*TARGETS.items(), STATIC]:
        response = (public if name == "static" else client).get(url)
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


def get(path: str, token: str, port: int = PORT) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


WRK = shutil.which("wrk")
NGINX = shutil.which("nginx")
TASKSET = shutil.which("taskset")
WRK_SECONDS = 4
CONNECTIONS = 16


def pinned(core: int, command: list[str]) -> list[str]:
    return [TASKSET, "-c", str(core), *command] if TASKSET and os.cpu_count() > 1 else command


def _ms(text: str) -> float:
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    number = re.match(r"([\d.]+)(us|ms|s)", text)
    return float(number.group(1)) * units[number.group(2)] if number else float("nan")


class Meter:
    """Throughput, latency and server CPU of one URL, gathered over several rounds."""

    def __init__(self, path: str, port: int = PORT) -> None:
        self.path = path
        self.port = port
        self.requests = 0
        self.elapsed = 0.0
        self.cpu = 0.0
        self.latencies: list[float] = []
        self.p50: list[float] = []
        self.p99: list[float] = []

    def round(self, token: str, count: int, server: int) -> None:
        cpu_before = cpu_seconds(server)
        if WRK:
            self._wrk(token)
        else:
            self._python(token, count)
        self.cpu += cpu_seconds(server) - cpu_before

    def _wrk(self, token: str) -> None:
        out = subprocess.run(  # noqa: S603 (wrk, fixed arguments)
            pinned(
                1,
                [
                    WRK,
                    "-t1",
                    f"-c{CONNECTIONS}",
                    f"-d{WRK_SECONDS}s",
                    "--latency",
                    "-H",
                    f"Authorization: Bearer {token}",
                    f"http://127.0.0.1:{self.port}{self.path}",
                ],
            ),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if "Non-2xx" in out:
            raise RuntimeError(f"{self.path}: non-2xx answers\n{out}")
        self.requests += int(re.search(r"(\d+) requests in", out).group(1))
        self.elapsed += float(re.search(r"requests in ([\d.]+)s", out).group(1))
        # The distribution's own lines: "     50%  159.00us" (other lines end in "50.00%").
        self.p50.append(_ms(re.search(r"^\s+50%\s+(\S+)$", out, re.M).group(1)))
        self.p99.append(_ms(re.search(r"^\s+99%\s+(\S+)$", out, re.M).group(1)))

    def _python(self, token: str, count: int) -> None:
        started = time.perf_counter()
        for _ in range(count):
            begin = time.perf_counter()
            status, _body = get(self.path, token, self.port)
            self.latencies.append(time.perf_counter() - begin)
            assert status == 200, (self.path, status)
        self.elapsed += time.perf_counter() - started
        self.requests += count

    def figures(self) -> Figures:
        if self.latencies:
            cuts = statistics.quantiles(self.latencies, n=100)
            p50, p99 = cuts[49] * 1000, cuts[98] * 1000
        else:
            p50, p99 = statistics.median(self.p50), statistics.median(self.p99)
        return Figures(
            self.requests / self.elapsed, p50, p99, self.cpu / max(self.requests, 1) * 1000
        )


ROUNDS = 3


def measure_pair(
    meters: tuple[Meter, Meter], token: str, count: int, servers: tuple[int, int], expected: bytes
) -> tuple[Figures, Figures]:
    """Two URLs (the measured one and the bare view) in alternating rounds, so
    drift hits both alike."""
    for meter in meters:
        for _ in range(50):  # warm-up: imports, connections, caches
            status, body = get(meter.path, token, meter.port)
        assert status == 200 and body == expected, (meter.path, status, body[:200])
    for _ in range(ROUNDS):
        for meter, server in zip(meters, servers, strict=True):
            meter.round(token, count // ROUNDS, server)
    return meters[0].figures(), meters[1].figures()


def wait_until_up(token: str, port: int = PORT) -> None:
    for _ in range(100):
        try:
            get("/bare/detail/", token, port)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


class Gunicorn:
    def __init__(self, mode: str, bodies: Path, *, port: int = PORT, count: bool = True) -> None:
        self.port = port
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchsite.settings",
            "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
            "DATABASE_URL": DATABASE_URL,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
            "PARLEY_DELIVERY_RATE": "100000000/min",
            "BENCH_BODIES": str(bodies),
            "BENCH_COLD": "1" if mode == "cold" else "0",
            "PARLEY_COUNT_SERVED": "1" if count else "0",
        }

    def __enter__(self) -> int:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
            pinned(
                0,
                [
                    str(gunicorn),
                    "config.wsgi",
                    "--workers",
                    "1",
                    "--worker-class",
                    "sync",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--log-level",
                    "warning",
                ],
            ),
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
        )
        return self.server.pid

    def __exit__(self, *exc: object) -> None:
        os.killpg(self.server.pid, signal.SIGTERM)
        self.server.wait(timeout=30)


def run(mode: str, token: str, bodies: Path) -> dict[str, tuple[Figures, Figures]]:
    with Gunicorn(mode, bodies) as master:
        wait_until_up(token)
        worker = worker_pid(master)
        results = {}
        for name, url in TARGETS.items():
            expected = (bodies / f"{name}.json").read_bytes()
            results[name] = measure_pair(
                (Meter(url), Meter(f"/bare/{name}/")),
                token,
                REQUESTS[mode],
                (worker, worker),
                expected,
            )
        return results


def run_counting(token: str, bodies: Path, *, swap: bool = False) -> tuple[Figures, Figures]:
    """One answer's detail from two servers side by side, answers served counted
    (`channels.usage`) by one and not by the other, in alternating rounds. `swap`
    gives the counting server the other port and the second turn, so that an
    order or placement effect shows as a difference between the two runs."""
    expected = (bodies / "detail.json").read_bytes()
    on_port, off_port = (PORT + 2, PORT) if swap else (PORT, PORT + 2)
    with (
        Gunicorn("warm", bodies, port=on_port, count=True) as counting,
        Gunicorn("warm", bodies, port=off_port, count=False) as not_counting,
    ):
        wait_until_up(token, on_port)
        wait_until_up(token, off_port)
        meters = (Meter(TARGETS["detail"], on_port), Meter(TARGETS["detail"], off_port))
        pids = (worker_pid(counting), worker_pid(not_counting))
        if swap:  # the server without counting takes the first turn of each round
            off, on = measure_pair(meters[::-1], token, REQUESTS["warm"], pids[::-1], expected)
            return on, off
        return measure_pair(meters, token, REQUESTS["warm"], pids, expected)


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx-tmp;
    proxy_temp_path {work}/nginx-tmp;
    fastcgi_temp_path {work}/nginx-tmp;
    uwsgi_temp_path {work}/nginx-tmp;
    scgi_temp_path {work}/nginx-tmp;
    server {{
        listen 127.0.0.1:{port};
        location /answers/help-page/ {{
            alias {export}/;
            default_type application/json;
            add_header Cache-Control "public, max-age=60";
        }}
    }}
}}
"""


def run_static(token: str, bodies: Path) -> tuple[Figures, Figures] | None:
    """nginx serving the exported help-page answer next to the bare view."""
    if not NGINX:
        return None
    export = WORKDIR / "export"
    call_command("export_static_answers", "help-page", str(export), stdout=io.StringIO())
    # nginx's workers run as another user: let them read the export.
    for folder in [WORKDIR, *(p for p in export.rglob("*") if p.is_dir()), export]:
        folder.chmod(0o755)
    for path in export.rglob("*.json"):
        path.chmod(0o644)
    expected = (bodies / "static.json").read_bytes()
    assert (export / "ja" / "answers" / "bench-0500.json").read_bytes() == expected
    (WORKDIR / "nginx-tmp").mkdir(exist_ok=True)
    conf = WORKDIR / "nginx.conf"
    port = PORT + 1
    conf.write_text(NGINX_CONF.format(work=WORKDIR, port=port, export=export))
    nginx = subprocess.Popen(  # noqa: S603 (nginx with our own config)
        pinned(0, [NGINX, "-c", str(conf), "-p", str(WORKDIR)]), start_new_session=True
    )
    try:
        with Gunicorn("warm", bodies) as master:
            wait_until_up(token)
            worker = worker_pid(master)
            nginx_worker = worker_pid(nginx.pid)
            return measure_pair(
                (
                    Meter("/answers/help-page/ja/answers/bench-0500.json", port),
                    Meter("/bare/static/"),
                ),
                token,
                REQUESTS["warm"],
                (nginx_worker, worker),
                expected,
            )
    finally:
        os.killpg(nginx.pid, signal.SIGTERM)
        nginx.wait(timeout=30)


def line(figures: Figures) -> str:
    return (
        f"{figures.rate:7.0f} req/s  p50 {figures.p50:6.2f} ms  p99 {figures.p99:6.2f} ms  "
        f"CPU {figures.cpu:5.3f} ms/req"
    )


TARGET_SHARE = {"warm": 0.7, "cold": 0.3, "static": 10.0, "count": 0.95}


def report(
    mode: str,
    name: str,
    parley: Figures,
    bare: Figures,
    label: str = "parley",
    against: str = "bare",
) -> None:
    share = parley.rate / bare.rate
    verdict = "ok" if share >= TARGET_SHARE[mode] else "BELOW TARGET"
    print(f"{mode:<6} {name:<6} {label:<6} {line(parley)}")
    print(f"{mode:<6} {name:<6} {against:<6} {line(bare)}")
    print(
        f"{mode:<6} {name:<6} {label} at {share:.2f} x {against} "
        f"(target >= {TARGET_SHARE[mode]:.2f}): {verdict}"
    )


def main() -> None:
    print(f"delivery bench: seeding {ENTRIES} entries x 4 languages x 3 channels ...")
    token = seed()
    bodies = WORKDIR / "bodies"
    bodies.mkdir()
    capture(token, bodies)
    if "--counting-only" in sys.argv:
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
        ratios = []
        for _ in range(repeat):
            for swap in (False, True):
                on, off = run_counting(token, bodies, swap=swap)
                report("count", "detail", on, off, label="on", against="off")
                ratios.append(on.rate / off.rate)
        if len(ratios) > 2:
            print(
                f"count  {len(ratios)} pairs: median on/off {statistics.median(ratios):.2f}, "
                f"range {min(ratios):.2f}-{max(ratios):.2f}, "
                f"{sum(r >= 0.95 for r in ratios)} of {len(ratios)} at or above 0.95"
            )
        return
    sizes = ", ".join(f"{p.stem} {p.stat().st_size} B" for p in sorted(bodies.glob("*.json")))
    load = f"wrk -c{CONNECTIONS}, {ROUNDS} x {WRK_SECONDS} s" if WRK else "sequential Python client"
    print(f"gunicorn, 1 sync worker, DEBUG off; load: {load}; response sizes: {sizes}")
    for mode in ("warm", "cold"):
        for name, (parley, bare) in run(mode, token, bodies).items():
            report(mode, name, parley, bare)
    # Answers served counted or not: the same answer, two servers, the same run; then
    # again with ports and turns swapped.
    report("count", "detail", *run_counting(token, bodies), label="on", against="off")
    report("count", "detail", *run_counting(token, bodies, swap=True), label="on", against="off")
    static = run_static(token, bodies)
    if static is None:
        print("static: nginx is not installed (Debian: apt-get install nginx-light); skipped")
    else:
        report("static", "detail", *static, label="nginx")


if __name__ == "__main__":
    main()
