"""What the admin shows next to a version's text: marked findings and channel previews."""

import pytest
from django.urls import reverse

from knowledge import services
from knowledge.models import Version
from templates_app.editor import Numbered, highlight, serving_channels
from templates_app.tone.lint import Finding
from tests.templates_app.conftest import publish_snippet

pytestmark = pytest.mark.django_db


def finding(start: int, end: int, severity: str = "warning", message: str = "m") -> Finding:
    return Finding("rule", severity, message, "en", start, end)


def test_highlight_escapes_the_text_and_splits_overlapping_findings():
    text = "<b>We</b> apologise"
    marked = str(
        highlight(
            text,
            [
                Numbered(1, finding(0, 9, message="<first>")),
                Numbered(2, finding(3, 19, "error")),
                Numbered(3, finding(5, 5)),  # empty span: listed, not marked
            ],
        )
    )
    assert "<b>" not in marked and "&lt;b&gt;" in marked
    assert 'title="1. &lt;first&gt;"' in marked
    # The overlap "We</b>" is one piece marked by both, as the worse one (error).
    assert '<mark class="parley-finding parley-finding--error" data-findings="1 2"' in marked
    assert marked.count("<mark") == 3


@pytest.fixture
def chat_draft(refund, people):
    chat = refund["chat"]
    draft = services.version_create_draft(variant=chat.variant, actor=people["editor"])
    return services.version_update(
        version=draft,
        actor=people["editor"],
        texts={"body": {"en": "Hi {{customer_name}}. It was delayed. It takes 9 days."}},
    )


def change_page(client, version: Version) -> str:
    return client.get(reverse("admin:knowledge_version_change", args=[version.pk])).content.decode()


def test_the_change_form_marks_findings_next_to_each_language(client_for, people, chat_draft):
    html = change_page(client_for(people["editor"]), chat_draft)
    assert 'data-parley-language="en"' in html
    # The changed fact is a warning now (the reviewer judges it); nothing blocks here.
    assert "blocking submit" not in html
    assert '<mark class="parley-finding parley-finding--warning" data-findings="' in html
    assert "<code>fact-mismatch</code>" in html
    assert ">was delayed</mark>" in html
    assert "<code>passive-voice</code>" in html


def test_the_preview_renders_every_serving_channel_with_sample_values(
    client_for, people, chat_draft, channels
):
    publish_snippet(people, "thanks", {"en": "Thanks for waiting, {{customer_name}}."})
    services.version_update(
        version=chat_draft,
        actor=people["editor"],
        texts={"body": {"en": "{{snippet:thanks}} It takes 5 days. Anything else?"}},
    )
    # email inherits chat and has no variant of its own, so it serves this text too.
    assert [c.slug for c in serving_channels(chat_draft)] == ["chat", "email"]
    html = change_page(client_for(people["reviewer"]), chat_draft)
    preview = html[html.index('id="parley-preview"') :]
    assert 'data-channel="chat"' in preview and 'data-channel="email"' in preview
    assert preview.count("Thanks for waiting, Maria. It takes 5 days.") == 2
    assert "<code>customer_name</code> = Maria" in preview
    assert "{{snippet:thanks}}" not in preview


def test_the_tone_view_checks_unsaved_text_and_writes_nothing(client_for, people, chat_draft):
    url = reverse("admin:knowledge_version_tone", args=[chat_draft.pk])
    editor = client_for(people["editor"])
    response = editor.post(url, {"body_en": "We apologise for any inconvenience."})
    html = response.content.decode()
    assert response.status_code == 200
    assert ">We apologise</mark>" in html and "any inconvenience" in html
    assert "<code>doubting-any</code>" in html
    assert "9 days" not in html
    chat_draft.refresh_from_db()
    assert "9 days" in chat_draft.body_en
    assert editor.get(url).status_code == 405
    outsider = client_for(
        people["editor"].__class__.objects.create(username="nobody", is_staff=True)
    )
    assert outsider.post(url, {"body_en": "x"}).status_code == 403


def test_an_unknown_placeholder_is_refused_on_the_form_with_the_text_kept(
    client_for, people, chat_draft
):
    form = {
        f"{f}_{c}": getattr(chat_draft, f"{f}_{c}") or ""
        for f in ("title", "body")
        for c in ("en", "ja", "fi", "zh_hant")
    }
    typo = "Hi {{custmer_name}}, {{snippet:nope}} here."
    url = reverse("admin:knowledge_version_change", args=[chat_draft.pk])
    response = client_for(people["editor"]).post(url, {**form, "body_en": typo})
    assert response.status_code == 200
    html = response.content.decode()
    assert "unknown {{custmer_name}}, {{nope}}" in html and typo in html
    chat_draft.refresh_from_db()
    assert "custmer" not in chat_draft.body_en
