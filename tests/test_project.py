"""Project-wide properties: migrations, settings, Celery wiring, languages."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


SHOW_CELERY = (
    "from config.celery import app; import django; django.setup(); c = app.conf;"
    "print(c.task_always_eager, c.broker_url, c.task_default_queue,"
    " c.task_publish_retry_policy['max_retries'])"
)


def test_celery_runs_in_process_without_a_broker_and_on_redis_with_one():
    embedded = run_python(SHOW_CELERY, {})
    assert embedded.returncode == 0, embedded.stderr
    assert embedded.stdout.split() == ["True", "memory://", "parley", "2"]
    redis = run_python(SHOW_CELERY, {"REDIS_URL": "redis://broker.example.com:6379/0"})
    assert redis.returncode == 0, redis.stderr
    assert redis.stdout.split() == ["False", "redis://broker.example.com:6379/0", "parley", "2"]


def run_python(code: str, env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


SHOW_SETTINGS = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
    "from django.conf import settings as s;"
    "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.CACHES['default']"
    "['BACKEND'], s.CELERY_TASK_ALWAYS_EAGER, s.SESSION_COOKIE_SECURE)"
)


def test_settings_default_to_embedded_mode():
    result = run_python(SHOW_SETTINGS, {})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['localhost',",
        "'127.0.0.1']",
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "True",
        "False",
    ]


def test_settings_come_from_the_environment():
    env = {
        "DJANGO_DEBUG": "1",
        "DJANGO_ALLOWED_HOSTS": "answers.example.com",
        "DATABASE_URL": "postgres://parley@db.example.com/parley",
        "REDIS_URL": "redis://cache.example.com:6379/0",
        "DJANGO_HTTPS": "1",
    }
    result = run_python(SHOW_SETTINGS, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "['answers.example.com']",
        "django.db.backends.postgresql",
        "config.cache.ResilientRedisCache",
        "False",
        "True",
    ]


THIRTY = [
    "en", "ja", "fi", "zh-hant", "sv", "de", "fr", "es", "it", "pt", "nl", "da", "nb", "pl",
    "cs", "sk", "hu", "ro", "bg", "el", "tr", "ru", "uk", "ko", "th", "vi", "id", "ar", "he",
    "pt-br",
]  # fmt: skip

CHECK_THIRTY = """
import django, os
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from knowledge.models import Version
from knowledge.languages import localized
from tests.factories import VersionFactory, ChannelFactory, VariantFactory
texts = {localized("title", c): f"t-{c}" for c in LANGS}
v = VersionFactory(variant=VariantFactory(channel=ChannelFactory(slug="x")), **texts)
v.title_he = "כותרת"
v.save()
newest, previous = v.history.all()[:2]
print(len(texts), newest.diff_against(previous).changed_fields, newest.title_pt_br, v.title_ind)
"""


def test_thirty_languages_are_a_settings_change_plus_a_generated_migration(tmp_path):
    """The README's recipe for adding languages, followed with 30 of them."""
    project = tmp_path / "parley"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(".venv", ".git", "*.sqlite3", "__pycache__", "artifacts"),
    )
    languages = ", ".join(f"({code!r}, {code!r})" for code in THIRTY)
    (project / "config" / "settings_thirty.py").write_text(
        f"from config.settings import *  # noqa: F403\nLANGUAGES = [{languages}]\n"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings_thirty",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'thirty.sqlite3'}",
    }
    make = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "knowledge", "channels"],
        cwd=project,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert make.returncode == 0, make.stderr
    assert "title_pt_br" in make.stdout

    result = run_python(f"LANGS = {THIRTY!r}\n{CHECK_THIRTY}", env, cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == "30 ['title_he'] t-pt-br t-id"


def test_a_url_matching_no_api_route_answers_json_not_html(client):
    response = client.get("/api/v1/delivery/not a slug!/answers/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "No such resource."}
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_check_deploy_is_clean_with_production_settings():
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "1",
        "DJANGO_SECRET_KEY": "p" * 20 + "-long-random-production-secret-" + "k" * 20,
        "DJANGO_ALLOWED_HOSTS": "answers.example.com",
        "DATABASE_URL": "postgres://parley@db.example.com/parley",
        "REDIS_URL": "redis://cache.example.com:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={"PATH": os.environ["PATH"], **env}, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    # With the laptop defaults the same check does complain, so it is really checking.
    laptop = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={"PATH": os.environ["PATH"]}, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert laptop.returncode != 0 and "security.W" in laptop.stderr


def test_nul_characters_in_api_requests_are_a_400(client):
    response = client.get("/api/v1/delivery/help-page/answers/?topic=a%00b")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_character"
    repeated = client.get("/api/v1/entries/?tag=ok&tag=%00")
    assert repeated.json()["code"] == "invalid_character"
