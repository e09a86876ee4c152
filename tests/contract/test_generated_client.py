"""A channel and an editor, scripted through a Python client generated from /api/schema/.

The client is generated here, in the test run, by openapi-python-client (pinned
in requirements.txt), from the schema the server serves, and called over WSGI
in-process. No call is made by hand: every request, header and error below is
what the generated code offers. `raise_on_unexpected_status` makes any status
the schema does not list fail the test, and each error is parsed into its own
typed model (`ErrorDraftExists.draft_id`, `ErrorPreconditionFailed.etag`, ...).
"""

import importlib
import io
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import httpx
import pytest
import yaml
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from drf_spectacular.renderers import OpenApiJsonRenderer

from channels.models import Channel
from channels.services import channel_token_create
from knowledge.services import user_token_create
from tests.conformance import api_schema
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
GENERATOR_CONFIG = {
    "package_name_override": "parley_client",
    "project_name_override": "parley-client",
    "post_hooks": [],  # no formatter needed to import it
    # TMX is a file like the others; the generator knows files as octet-stream.
    "content_type_overrides": {"application/x-tmx+xml": "application/octet-stream"},
}


@pytest.fixture(scope="module")
def pc(tmp_path_factory, django_db_blocker) -> ModuleType:
    """The generated client package, `parley_client`, with its models loaded."""
    root = tmp_path_factory.mktemp("generated")
    with django_db_blocker.unblock():
        (root / "schema.json").write_bytes(OpenApiJsonRenderer().render(api_schema()))
    (root / "config.yaml").write_text(yaml.safe_dump(GENERATOR_CONFIG))
    done = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(root / "schema.json"),
            "--output-path",
            str(root / "parley_client"),
            "--meta",
            "none",
            "--config",
            str(root / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout, done.stdout
    sys.path.insert(0, str(root))
    try:
        package = importlib.import_module("parley_client")
        package.models = importlib.import_module("parley_client.models")
        yield package
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.split(".")[0] == "parley_client"]:
            del sys.modules[name]


def op(pc: ModuleType, group: str, name: str) -> ModuleType:
    return importlib.import_module(f"parley_client.api.{group}.{name}")


@pytest.fixture
def world(pc, connection_kept) -> SimpleNamespace:
    """Demo content; generated clients for a public page, the chat channel, an editor,
    a second editor, a reviewer and a publisher, all over WSGI in this process."""
    from django.core.cache import cache

    cache.clear()
    call_command("seed_demo", stdout=io.StringIO())
    transport = httpx.WSGITransport(app=WSGIHandler())

    def client(prefix: str | None = None, token: str = "") -> object:
        options = {
            "base_url": "http://testserver",
            "raise_on_unexpected_status": True,
            "httpx_args": {"transport": transport},
        }
        if prefix is None:
            return pc.Client(**options)
        return pc.AuthenticatedClient(token=token, prefix=prefix, **options)

    def person(name: str, *groups: str) -> object:
        user = UserFactory(username=name, groups=list(groups))
        return client("Token", user_token_create(user=user, name="generated client")[1])

    chat = Channel.objects.get(slug="chat")
    return SimpleNamespace(
        public=client(),
        chat=client("Bearer", channel_token_create(channel=chat)[1]),
        email=client("Bearer", channel_token_create(channel=Channel.objects.get(slug="email"))[1]),
        editor=person("gen-editor", "Editors"),
        other_editor=person("gen-editor-2", "Editors"),
        reviewer=person("gen-reviewer", "Reviewers"),
        publisher=person("gen-publisher", "Publishers"),
    )


def test_a_channel_mirrors_reads_searches_renders_and_asks_for_feedback(pc, world):
    m = pc.models
    answers_list = op(pc, "delivery", "v1_delivery_answers_list")
    answer_read = op(pc, "delivery", "v1_delivery_answers_retrieve")
    changes = op(pc, "delivery", "v1_delivery_changes_retrieve")
    search = op(pc, "delivery", "v1_delivery_search_retrieve")
    render = op(pc, "delivery", "v1_delivery_answers_render_create")
    feedback = op(pc, "delivery", "v1_delivery_answers_feedback_create")

    # The public help page needs no token (a plain Client).
    page = answers_list.sync_detailed("help-page", client=world.public, lang="en", page_size=3)
    assert page.status_code == 200 and isinstance(page.parsed, m.AnswerPage)
    assert len(page.parsed.results) == 3 and page.parsed.next_cursor
    etag = page.headers["ETag"]
    assert page.headers["Cache-Control"].startswith("public")
    again = answers_list.sync_detailed(
        "help-page", client=world.public, lang="en", page_size=3, if_none_match=etag
    )
    assert again.status_code == 304 and again.headers["ETag"] == etag

    # A mirror: from the beginning, page by page, then poll with If-None-Match.
    first = changes.sync_detailed("chat", client=world.chat, lang="ja")
    feed, seen = first.parsed, []
    while True:
        seen += [change.key for change in feed.changes]
        if not feed.has_more:
            break
        feed = changes.sync_detailed("chat", client=world.chat, lang="ja", since=feed.next_cursor)
        feed = feed.parsed
    assert seen and all(isinstance(c, m.Upsert) for c in first.parsed.changes)
    poll = changes.sync_detailed("chat", client=world.chat, lang="ja", since=feed.next_cursor)
    assert poll.parsed.changes == [] and poll.parsed.has_more is False
    quiet = changes.sync_detailed(
        "chat",
        client=world.chat,
        lang="ja",
        since=feed.next_cursor,
        if_none_match=poll.headers["ETag"],
    )
    assert quiet.status_code == 304

    # One answer, with a language fallback it is told about.
    key = seen[0]
    answer = answer_read.sync_detailed("chat", key, client=world.chat, lang="sv").parsed
    assert isinstance(answer, m.Answer)
    assert (answer.requested_language, answer.is_fallback) == ("sv", True)

    # Search, and a limit the schema caps at 20.
    found = search.sync_detailed("help-page", client=world.public, q="refund", lang="en")
    assert isinstance(found.parsed, m.SearchResults) and found.parsed.results
    assert found.headers["Cache-Control"] == "no-store"
    too_many = search.sync_detailed(
        "help-page", client=world.public, q="refund", lang="en", limit=21
    )
    assert isinstance(too_many.parsed, m.ErrorInvalidLimit)

    # Render with the channel's values: strings only, known placeholders only.
    variables = m.RenderRequestRequestVariables.from_dict({"customer_name": "Frank"})
    rendered = render.sync_detailed(
        "chat", key, client=world.chat, body=m.RenderRequestRequest(lang="en", variables=variables)
    )
    assert isinstance(rendered.parsed, m.Answer) and rendered.headers["Content-Language"] == "en"
    unknown = render.sync_detailed(
        "chat",
        key,
        client=world.chat,
        body=m.RenderRequestRequest(
            lang="en", variables=m.RenderRequestRequestVariables.from_dict({"nme": "x"})
        ),
    )
    assert isinstance(unknown.parsed, m.ErrorUnknownVariable)

    # The effort question, asked in the same conversation with the answer's token.
    vote = feedback.sync_detailed(
        "chat",
        key,
        client=world.public,  # the customer's side: no channel token, the answer's token
        body=m.FeedbackRequest(token=answer.feedback.token, helpful=True, effort=2),
    )
    assert vote.status_code == 201 and isinstance(vote.parsed, m.FeedbackReceipt)
    assert vote.parsed.version == answer.version

    # What a channel meets when it gets things wrong, each as its own type.
    no_token = answers_list.sync_detailed("chat", client=world.public)
    assert isinstance(no_token.parsed, m.ErrorNotAuthenticated)
    other = answers_list.sync_detailed("email", client=world.chat)
    assert isinstance(other.parsed, m.ErrorWrongChannel)
    bad_cursor = changes.sync_detailed("chat", client=world.chat, since="bm90LW91cnM")
    assert isinstance(bad_cursor.parsed, m.ErrorInvalidCursor)
    bad_size = answers_list.sync_detailed("help-page", client=world.public, page_size=0)
    assert isinstance(bad_size.parsed, m.ErrorInvalidPageSize)
    missing = answer_read.sync_detailed("help-page", "no-such-answer", client=world.public)
    assert isinstance(missing.parsed, m.ErrorNotFound)


def test_an_editor_writes_a_reviewer_approves_a_publisher_publishes(pc, world):
    m = pc.models
    create_entry = op(pc, "entries", "v1_entries_create")
    open_draft = op(pc, "versions", "v1_entries_variants_versions_create")
    read = op(pc, "versions", "v1_versions_retrieve")
    edit = op(pc, "versions", "v1_versions_partial_update")
    submit = op(pc, "workflow", "v1_versions_submit")
    approve = op(pc, "workflow", "v1_versions_approve")
    publish = op(pc, "workflow", "v1_versions_publish")
    changes = op(pc, "delivery", "v1_delivery_changes_retrieve")

    mirror = changes.sync_detailed("help-page", client=world.public, lang="en").parsed
    while mirror.has_more:
        mirror = changes.sync_detailed(
            "help-page", client=world.public, lang="en", since=mirror.next_cursor
        ).parsed

    body = m.EntryWriteRequest.from_dict(
        {"key": "gift-wrap", "topic": "orders", "tags": [], "questions": {"en": ["Gift wrap?"]}}
    )
    assert isinstance(create_entry.sync_detailed(client=world.editor, body=body).parsed, m.Entry)
    twice = create_entry.sync_detailed(client=world.editor, body=body)
    assert isinstance(twice.parsed, m.ErrorEntryExists)
    bad = create_entry.sync_detailed(
        client=world.editor,
        body=m.EntryWriteRequest.from_dict({"key": "x y", "topic": "orders", "tags": []}),
    )
    assert isinstance(bad.parsed, m.ErrorInvalid) and "key" in bad.parsed.errors.to_dict()

    texts = m.VersionTextsRequest.from_dict(
        {"title": {"en": "Gift wrapping"}, "body": {"en": "Choose gift wrap at checkout."}}
    )
    opened = open_draft.sync_detailed("gift-wrap", "help-page", client=world.editor, body=texts)
    draft = opened.parsed
    assert opened.status_code == 201 and isinstance(draft, m.VersionDetail)
    assert draft.languages.en == m.VersionDetailLanguagesEn.PRESENT
    assert draft.languages.ja == m.VersionDetailLanguagesJa.MISSING
    again = open_draft.sync_detailed("gift-wrap", "help-page", client=world.editor)
    assert isinstance(again.parsed, m.ErrorDraftExists) and again.parsed.draft_id == draft.id

    # Lost-update protection: no If-Match is 428, a stale one 412; both name the ETag.
    etag = read.sync_detailed(draft.id, client=world.editor).headers["ETag"]
    fix = m.PatchedVersionTextsRequest.from_dict({"body": {"en": "Pick gift wrap at checkout."}})
    unguarded = edit.sync_detailed(draft.id, client=world.editor, body=fix, if_match="")
    assert isinstance(unguarded.parsed, m.ErrorPreconditionRequired)
    assert unguarded.parsed.etag == etag == unguarded.headers["ETag"]
    saved = edit.sync_detailed(draft.id, client=world.other_editor, body=fix, if_match=etag)
    assert isinstance(saved.parsed, m.VersionDetail)
    late = edit.sync_detailed(draft.id, client=world.editor, body=fix, if_match=etag)
    assert isinstance(late.parsed, m.ErrorPreconditionFailed)
    assert late.parsed.etag == saved.headers["ETag"]
    too_long = m.PatchedVersionTextsRequest.from_dict({"title": {"en": "x" * 301}})
    refused = edit.sync_detailed(
        draft.id, client=world.editor, body=too_long, if_match=saved.headers["ETag"]
    )
    assert isinstance(refused.parsed, m.ErrorTextTooLong) and refused.parsed.limit == 300

    # Review: four eyes, then the steps in order, each with the ETag just read.
    submitted = submit.sync_detailed(draft.id, client=world.editor, if_match=saved.headers["ETag"])
    assert submitted.parsed.status == m.StatusEnum.IN_REVIEW
    assert submitted.parsed.changed_languages == [m.LanguageEnum.EN]
    own = approve.sync_detailed(draft.id, client=world.editor, if_match=submitted.headers["ETag"])
    assert isinstance(own.parsed, m.ErrorPermissionDenied | m.ErrorFourEyes)
    approved = approve.sync_detailed(
        draft.id, client=world.reviewer, if_match=submitted.headers["ETag"]
    )
    assert approved.parsed.status == m.StatusEnum.APPROVED
    published = publish.sync_detailed(
        draft.id, client=world.publisher, if_match=approved.headers["ETag"]
    )
    assert published.parsed.status == m.StatusEnum.PUBLISHED
    twice = publish.sync_detailed(
        draft.id, client=world.publisher, if_match=published.headers["ETag"]
    )
    assert isinstance(twice.parsed, m.ErrorInvalidTransition)
    assert twice.parsed.status == "published"

    # The channel's mirror hears of it on its next poll.
    news = changes.sync_detailed(
        "help-page", client=world.public, lang="en", since=mirror.next_cursor
    ).parsed
    assert [(c.key, c.answer.body) for c in news.changes] == [
        ("gift-wrap", "Pick gift wrap at checkout.")
    ]
