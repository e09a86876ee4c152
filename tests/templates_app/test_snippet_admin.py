"""Snippets written and reviewed in the admin, every step through the services."""

import pytest
from django.urls import reverse

from templates_app.models import Snippet, SnippetVersion

pytestmark = pytest.mark.django_db


def version_url(version: SnippetVersion, action: str = "") -> str:
    if action:
        return reverse("admin:templates_app_snippetversion_workflow", args=[version.pk, action])
    return reverse("admin:templates_app_snippetversion_change", args=[version.pk])


def text_form(version: SnippetVersion, **changes: str) -> dict[str, str]:
    form = {f"text_{c}": getattr(version, f"text_{c}") for c in ("en", "ja", "fi", "zh_hant")}
    return {**form, **changes}


def test_a_snippet_is_created_written_reviewed_and_published_in_the_admin(
    client_for, people, channels
):
    editor, reviewer, publisher = (
        client_for(people[role]) for role in ("editor", "reviewer", "publisher")
    )
    created = editor.post(
        reverse("admin:templates_app_snippet_add"),
        {
            "key": "late-parcel",
            "kind": "apology",
            "description": "",
            "channels": [channels["chat"].pk],
        },
    )
    draft = SnippetVersion.objects.get(snippet__key="late-parcel")
    assert created.status_code == 302 and created.url == version_url(draft)
    assert [c.slug for c in draft.snippet.channels.all()] == ["chat"]
    assert draft.author == people["editor"]

    # An unknown placeholder is refused on the form, which keeps what was typed.
    typo = "Sorry, {{custmer_name}}, the parcel is late."
    refused = editor.post(version_url(draft), text_form(draft, text_en=typo))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Unknown placeholder {{custmer_name}}" in html and typo in html
    draft.refresh_from_db()
    assert draft.text_en == ""

    saved = editor.post(version_url(draft), text_form(draft, text_en="Sorry {{customer_name}}."))
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.text_en == "Sorry {{customer_name}}."

    page = editor.get(version_url(draft)).content.decode()
    assert ">Submit for review</button>" in page and ">Approve</button>" not in page
    editor.post(version_url(draft, "submit"))
    assert ">Approve</button>" in reviewer.get(version_url(draft)).content.decode()
    own = editor.post(version_url(draft, "approve"), follow=True).content.decode()
    assert "You are not allowed to approve snippets." in own
    reviewer.post(version_url(draft, "approve"))
    publisher.post(version_url(draft, "publish"))

    snippet = Snippet.objects.get(key="late-parcel")
    draft.refresh_from_db()
    assert draft.status == "published"
    assert snippet.published_version == draft and snippet.draft is None

    # Published text is read-only; "Edit" opens version 2 from it.
    assert editor.post(version_url(draft), text_form(draft, text_en="x")).status_code == 409
    opened = editor.post(version_url(draft, "new_draft"))
    second = SnippetVersion.objects.get(snippet=snippet, number=2)
    assert opened.url == version_url(second)
    assert second.text_en == "Sorry {{customer_name}}."


def test_a_snippets_scope_is_fixed_once_created(client_for, people, channels):
    editor = client_for(people["editor"])
    editor.post(
        reverse("admin:templates_app_snippet_add"),
        {"key": "hello", "kind": "opener", "description": ""},
    )
    snippet = Snippet.objects.get(key="hello")
    change = reverse("admin:templates_app_snippet_change", args=[snippet.pk])
    page = editor.get(change).content.decode()
    assert "{{snippet:hello}}" in page
    editor.post(change, {"key": "hello", "kind": "closing", "channels": [channels["chat"].pk]})
    snippet.refresh_from_db()
    assert (snippet.kind, list(snippet.channels.all())) == ("opener", [])
    refused = editor.post(
        reverse("admin:templates_app_snippet_add"), {"key": "hello", "kind": "opener"}
    )
    assert refused.status_code == 200 and Snippet.objects.filter(key="hello").count() == 1
