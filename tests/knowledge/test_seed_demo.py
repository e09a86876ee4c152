import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from channels.models import Channel
from knowledge.digests import source_digest
from knowledge.languages import language_codes, localized
from knowledge.models import Entry, Topic, Variant, Version
from knowledge.workflow import VersionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=io.StringIO())


def counts() -> dict[str, int]:
    return {
        "entries": Entry.objects.count(),
        "variants": Variant.objects.count(),
        "versions": Version.objects.count(),
        "version_history": Version.history.count(),
        "entry_history": Entry.history.count(),
        "users": get_user_model().objects.count(),
        "channels": Channel.objects.count(),
    }


def test_seed_demo_is_idempotent(seeded):
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before


def test_seed_demo_keeps_editors_changes(seeded):
    entry = Entry.objects.get(key="reset-password")
    entry.questions_en = "Edited by a person"
    entry.save()
    call_command("seed_demo", stdout=io.StringIO())
    entry.refresh_from_db()
    assert entry.questions_en == "Edited by a person"


def test_demo_has_entries_across_topics_with_published_variants_in_every_language(seeded):
    assert Entry.objects.count() >= 8
    assert Topic.objects.filter(entries__isnull=False).distinct().count() >= 3
    for entry in Entry.objects.all():
        for slug in ("help-page", "chat"):
            variant = entry.variants.get(channel__slug=slug)
            live = variant.published_version
            assert live.status == VersionStatus.PUBLISHED
            for code in language_codes():
                assert getattr(live, localized("title", code)), (entry.key, slug, code)
                assert getattr(live, localized("body", code)), (entry.key, slug, code)
        for code in language_codes():
            assert entry.question_list(code), (entry.key, code)


def test_demo_channels_match_the_design(seeded):
    help_page, chat, email = (Channel.objects.get(slug=s) for s in ("help-page", "chat", "email"))
    assert (help_page.tone, help_page.public, help_page.format) == ("plain", True, "markdown")
    assert help_page.is_primary
    assert (chat.tone, chat.public, chat.format) == ("empathetic", False, "text")
    assert chat.max_length
    assert (email.tone, email.format, email.inherits_from) == ("empathetic", "html", chat)


def test_demo_chat_texts_fit_the_chat_limit(seeded):
    chat = Channel.objects.get(slug="chat")
    for version in Version.objects.filter(variant__channel=chat):
        for code in language_codes():
            assert len(getattr(version, localized("body", code))) <= chat.max_length


def test_demo_translations_are_written_against_the_current_source(seeded):
    for entry in Entry.objects.all():
        source = source_digest(entry.variants.get(channel__slug="help-page").published_version)
        for variant in entry.variants.all():
            for code in language_codes():
                assert getattr(variant.published_version, localized("based_on", code)) == source


def test_demo_users_belong_to_their_groups(seeded):
    users = get_user_model().objects
    assert users.get(username="editor").groups.get().name == "Editors"
    assert users.get(username="reviewer").groups.get().name == "Reviewers"
    assert users.get(username="publisher").groups.get().name == "Publishers"
    assert users.get(username="channelmanager").groups.get().name == "Channel managers"
    assert users.get(username="admin").is_superuser


def test_seed_demo_prints_working_passwords(client):

    out = io.StringIO()
    call_command("seed_demo", "--reset-passwords", stdout=out)
    line = next(row for row in out.getvalue().splitlines() if row.strip().startswith("editor"))
    password = line.split()[-1]
    # Through the login form, as a person does (django-axes counts logins per request).
    response = client.post("/admin/login/", {"username": "editor", "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_demo_is_published_through_the_workflow_with_a_log_and_feed_rows():
    from rest_framework.test import APIClient

    from channels.models import AnswerChange
    from channels.services import channel_token_create

    call_command("seed_demo", stdout=io.StringIO())
    live = Version.objects.filter(status="published")
    assert live.count() >= 10
    for version in live:
        assert list(version.transitions.values_list("action", flat=True)) == [
            "create",
            "submit",
            "approve",
            "publish",
        ]
        assert version.transitions.get(action="publish").actor is None  # the system
    for entry in Entry.objects.all():
        assert AnswerChange.objects.filter(entry=entry).exists()
    # Written together with their source text: nothing is outdated at birth.
    _token, raw = channel_token_create(channel=Channel.objects.get(slug="chat"))
    chat = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    answers = chat.get("/api/v1/delivery/chat/answers/?page_size=100").json()["results"]
    assert answers and not any(answer["outdated"] for answer in answers)


def test_the_demo_starts_with_no_unread_notices_and_sends_no_mail(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("seed_demo", stdout=io.StringIO())
    assert callbacks  # the after-commit work (mail, cache, index) did run
    from notices.models import Notice

    assert Notice.objects.exists()  # its steps were told as usual...
    assert not Notice.objects.filter(read_at__isnull=True).exists()  # ...and start read
    assert mailoutbox == []
