"""Lint through the editorial API: the report, submit refused on errors, save refused."""

import pytest
from django.core.management import call_command

from knowledge.models import Version
from templates_app.tone.versions import lint_version
from tests.api import write
from tests.knowledge.api.test_versions import open_draft, version_url

pytestmark = pytest.mark.django_db


def test_lint_reports_every_language_with_offsets(api_for, people, live_entry):
    editor = api_for(people["editor"])
    body = {
        "en": "Please accept our apologies for any inconvenience caused.",
        "ja": "本日発送します。",
    }
    draft = open_draft(editor, live_entry, body=body)
    report = editor.get(version_url(draft["id"], "lint")).json()
    rules = {(f["language"], f["rule"]) for f in report["findings"]}
    assert {("en", "brand-we"), ("en", "doubting-any"), ("en", "over-formal")} <= rules
    assert ("ja", "missing-acknowledgement") in rules
    first = next(f for f in report["findings"] if f["rule"] == "doubting-any")
    assert body["en"][first["start"] : first["end"]] == "any inconvenience"


def test_submit_is_refused_while_lint_finds_errors(api_for, people, live_entry, chat):
    # Only deterministic problems block: here, a text over the channel's length.
    editor = api_for(people["editor"])
    draft = open_draft(editor, live_entry, body={"en": "I'm sorry. " + "It takes time. " * 60})
    refused = write(editor, "post", version_url(draft["id"], "submit"))
    assert refused.status_code == 400
    assert refused.json()["code"] == "lint_failed"
    assert [f["rule"] for f in refused.json()["findings"]] == ["length"]
    assert Version.objects.get(pk=draft["id"]).status == "draft"


def test_a_fact_mismatch_is_reported_but_does_not_block(api_for, people, live_entry):
    editor = api_for(people["editor"])
    draft = open_draft(
        editor, live_entry, body={"en": "I'm sorry. It takes 9 days. Anything else?"}
    )
    lint = editor.get(version_url(draft["id"], "lint")).json()
    mismatch = [f for f in lint["findings"] if f["rule"] == "fact-mismatch"]
    assert mismatch and mismatch[0]["severity"] == "warning"
    assert mismatch[0]["acknowledged"] is None
    assert lint["errors"] == 0
    accepted = write(editor, "post", version_url(draft["id"], "submit"))
    assert accepted.status_code == 200


def test_unknown_placeholder_is_refused_at_save(api_for, people, live_entry):
    editor = api_for(people["editor"])
    draft = open_draft(editor, live_entry)
    response = write(
        editor, "patch", version_url(draft["id"]), {"body": {"en": "Hi {{custmer_name}}!"}}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_placeholder"
    assert Version.objects.get(pk=draft["id"]).body_en != "Hi {{custmer_name}}!"


def test_demo_content_passes_its_own_lint(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    versions = Version.objects.exclude(status="superseded").select_related("variant__channel")
    assert versions.count() > 10
    errors = [
        (str(v), f.as_dict()) for v in versions for f in lint_version(v) if f.severity == "error"
    ]
    assert errors == []


def test_a_nul_character_in_a_text_is_refused(api_for, people, live_entry):
    editor = api_for(people["editor"])
    draft = open_draft(editor, live_entry)
    response = write(editor, "patch", version_url(draft["id"]), {"body": {"en": "a\x00b"}})
    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert "NUL" in response.json()["detail"]


def test_words_editors_add_in_the_admin_are_linted_with_their_suggestion(
    api_for, client_for, people, live_entry
):
    from django.urls import reverse

    from templates_app.models import ToneWord

    editor = api_for(people["editor"])
    # "docket" is in no shipped list (RMA now is: tone/rules/common.toml).
    draft = open_draft(editor, live_entry, body={"en": "Your docket is attached."})

    def jargon() -> list[dict]:
        report = editor.get(version_url(draft["id"], "lint")).json()
        return [f for f in report["findings"] if f["rule"] == "jargon"]

    assert jargon() == []
    added = client_for(people["editor"]).post(
        reverse("admin:templates_app_toneword_add"),
        {"language": "en", "kind": "jargon", "word": "docket", "suggestion": "delivery note"},
    )
    assert added.status_code == 302
    (finding,) = jargon()
    assert (finding["start"], finding["end"]) == (5, 11)
    assert "delivery note" in finding["message"]
    # Not in another language, and gone once the word is deleted.
    assert not ToneWord.objects.filter(language="ja").exists()
    ToneWord.objects.all().delete()
    assert jargon() == []
