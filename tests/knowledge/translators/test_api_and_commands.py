"""The contract: export and import over the editorial API and as management commands."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from knowledge.models import Version
from tests.knowledge.translators.test_round_trip import FI_BODY, FI_TITLE, translate_file

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/translations/export/"
IMPORT = "/api/v1/translations/import/"


def test_api_export_then_import_answers_the_report(base, people, api_for):
    api = api_for(people["editor"])
    response = api.get(EXPORT, {"format": "xliff2", "languages": "fi", "channels": "chat"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/xliff+xml"
    assert 'filename="parley-' in response["Content-Disposition"]
    translated = translate_file(
        "xliff2",
        response.content,
        {"reset-password.chat.title": FI_TITLE, "reset-password.chat.body": FI_BODY},
    )
    answer = api.post(
        IMPORT, {"file": SimpleUploadedFile("fi.xlf", translated)}, format="multipart"
    )
    assert answer.status_code == 200, answer.json()
    units = answer.json()["units"]
    assert {(u["id"], u["status"]) for u in units} == {
        ("reset-password.chat.title", "applied"),
        ("reset-password.chat.body", "applied"),
    }
    draft = Version.objects.get(pk=units[0]["version"])
    assert draft.body_fi == FI_BODY


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"format": "docx", "languages": "fi"}, "invalid"),
        ({"format": "po", "languages": "sv"}, "invalid"),
        ({"format": "po", "languages": "en"}, "invalid"),
        ({"format": "po"}, "invalid"),
        ({"format": "po", "languages": "fi", "entries": "no-such-entry"}, "invalid"),
        ({"format": "po", "languages": "fi", "colour": "red"}, "invalid_parameter"),
        ({"format": "po", "languages": "fi", "all": "maybe"}, "invalid_parameter"),
    ],
)
def test_api_export_refuses_bad_parameters(params, code, base, people, api_for):
    response = api_for(people["editor"]).get(EXPORT, params)
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_api_import_errors_are_4xx_with_codes(base, people, api_for):
    api = api_for(people["editor"])
    missing = api.post(IMPORT, {}, format="multipart")
    assert (missing.status_code, missing.json()["code"]) == (400, "invalid_file")
    garbage = api.post(
        IMPORT, {"file": SimpleUploadedFile("x.po", b"\x00\x01 nonsense")}, format="multipart"
    )
    assert (garbage.status_code, garbage.json()["code"]) == (400, "invalid_file")
    exported = api.get(EXPORT, {"format": "po", "languages": "fi", "channels": "chat"})
    broken = translate_file(
        "po", exported.content, {"reset-password.chat.body": "Kiitos. Avaa Asetukset."}
    )
    refused = api.post(IMPORT, {"file": SimpleUploadedFile("fi.po", broken)}, format="multipart")
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "translation_refused"
    assert {u["status"] for u in body["units"]} >= {"refused"}


def test_api_import_needs_the_right_to_edit(base, people, api_for):
    exported = api_for(people["editor"]).get(EXPORT, {"format": "po", "languages": "fi"})
    translated = translate_file("po", exported.content, {"reset-password.chat.title": FI_TITLE})
    response = api_for(people["reviewer"]).post(
        IMPORT, {"file": SimpleUploadedFile("fi.po", translated)}, format="multipart"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Version.objects.filter(title_fi=FI_TITLE).exists()


def test_api_memory_is_tmx(base, people, api_for):
    response = api_for(people["editor"]).get("/api/v1/translations/memory/", {"languages": "ja"})
    assert response.status_code == 200
    assert b"<tmx" in response.content and "パスワードの再設定".encode() in response.content


def test_commands_export_and_import(base, people, tmp_path):
    out = io.StringIO()
    path = tmp_path / "fi.po"
    call_command(
        "export_translations",
        "--format=po",
        "--languages=fi",
        "--channels=chat",
        f"--output={path}",
        stdout=out,
    )
    assert "2 unit(s) (2 missing)" in out.getvalue()
    path.write_bytes(
        translate_file("po", path.read_bytes(), {"reset-password.chat.title": FI_TITLE})
    )
    out = io.StringIO()
    call_command("import_translations", str(path), "--user=editor", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(
        line.startswith("applied   fi reset-password.chat.title (version ") for line in lines
    )
    assert lines[-1] == "1 of 2 unit(s) applied."
    # The same file again: nothing to apply, so the command fails.
    with pytest.raises(CommandError, match="Nothing could be applied"):
        call_command("import_translations", str(path), "--user=editor", stdout=io.StringIO())


def test_command_export_of_several_languages_is_a_zip(base, people, tmp_path):
    path = tmp_path / "out.zip"
    call_command(
        "export_translations",
        "--format=xliff12",
        "--languages=fi,zh-hant",
        f"--output={path}",
        stdout=io.StringIO(),
    )
    assert path.read_bytes().startswith(b"PK")
    with pytest.raises(CommandError, match="Unknown languages: xx"):
        call_command(
            "export_translations",
            "--format=po",
            "--languages=xx",
            f"--output={path}",
            stdout=io.StringIO(),
        )


def test_api_import_refuses_unknown_fields(base, people, api_for):
    response = api_for(people["editor"]).post(
        IMPORT,
        {"file": SimpleUploadedFile("x.po", b"msgid"), "colour": "red"},
        format="multipart",
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_parameter")


def test_export_command_refuses_an_unwritable_path_before_exporting(base, people, tmp_path):
    from knowledge.models import TranslationFile

    for path in (tmp_path, tmp_path / "missing" / "fi.po"):
        with pytest.raises(CommandError, match="Cannot write"):
            call_command(
                "export_translations",
                "--format=po",
                "--languages=fi",
                f"--output={path}",
                stdout=io.StringIO(),
            )
    assert not TranslationFile.objects.exists()


def test_admin_export_with_no_language_ticked_says_so(base, people, client_for):
    from django.urls import reverse

    url = reverse("admin:knowledge_entry_translators")
    client = client_for(people["editor"])
    page = client.get(url)
    assert page.status_code == 200 and b'value="fi" checked' in page.content
    response = client.post(url, {"action": "export", "format": "po"}, follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "Name the languages to translate into" in response.content.decode()
