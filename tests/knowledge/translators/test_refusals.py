"""What an import refuses, what it reports as a conflict, and what it never writes."""

import pytest
from lxml import etree

from config.errors import InvalidFile, TranslationRefused
from knowledge import services
from knowledge.models import TranslationFile, Version
from knowledge.translators import exchange, memory
from tests.knowledge.translators.conftest import publish_texts
from tests.knowledge.translators.test_round_trip import FI_BODY, FI_TITLE, translate_file

pytestmark = pytest.mark.django_db


def export(people, fmt="xliff2", languages=("fi",), **kwargs):
    return exchange.export_translations(
        user=people["editor"], fmt=fmt, languages=languages, **kwargs
    )


def versions_now():
    return sorted(Version.objects.values_list("pk", "updated_at"))


@pytest.mark.parametrize("fmt", ["xliff2", "po"])
def test_a_removed_placeholder_is_refused_and_nothing_is_written(fmt, base, people):
    exported = export(people, fmt, channels=["chat"])
    before = versions_now()
    translated = translate_file(
        fmt,
        exported.content,
        {
            "reset-password.chat.title": FI_TITLE,
            "reset-password.chat.body": "Kiitos kysymyksestä. Avaa Asetukset.",
        },
    )
    with pytest.raises(TranslationRefused) as refused:
        exchange.import_translations(user=people["editor"], data=translated)
    rows = {row["id"]: row for row in refused.value.extra["units"]}
    assert rows["reset-password.chat.body"]["status"] == "refused"
    assert "missing {{customer_name}}" in rows["reset-password.chat.body"]["reason"]
    # The title of the same text is held back with it: no half translation lands.
    assert rows["reset-password.chat.title"]["status"] == "refused"
    assert "held back" in rows["reset-password.chat.title"]["reason"]
    assert versions_now() == before
    assert TranslationFile.objects.get(direction="import").counts == {"refused": 2}


def test_an_added_snippet_reference_is_refused(base, people):
    exported = export(people, "po", channels=["chat"])
    translated = translate_file(
        "po",
        exported.content,
        {"reset-password.chat.body": FI_BODY + " {{snippet:closing}}"},
    )
    with pytest.raises(TranslationRefused) as refused:
        exchange.import_translations(user=people["editor"], data=translated)
    (row,) = [r for r in refused.value.extra["units"] if r["status"] == "refused"]
    assert "not in the source {{snippet:closing}}" in row["reason"]


def test_unknown_unit_id_is_refused(base, people):
    exported = export(people, "po", channels=["chat"])
    translated = translate_file("po", exported.content, {"reset-password.chat.title": FI_TITLE})
    tampered = translated.replace(
        b'msgctxt "reset-password.chat.title"', b'msgctxt "no-such.chat.title"'
    )
    before = versions_now()
    with pytest.raises(TranslationRefused) as refused:
        exchange.import_translations(user=people["editor"], data=tampered)
    (row,) = [r for r in refused.value.extra["units"] if r["id"] == "no-such.chat.title"]
    assert row["status"] == "refused" and "unknown unit id" in row["reason"]
    assert versions_now() == before


def test_over_the_channel_length_is_refused(base, people):
    exported = export(people, "xliff12", channels=["chat"])
    long_body = "Kiitos, {{customer_name}}. " + "Avaa Asetukset. " * 60  # chat allows 700
    translated = translate_file(
        "xliff12", exported.content, {"reset-password.chat.body": long_body}
    )
    before = versions_now()
    with pytest.raises(TranslationRefused) as refused:
        exchange.import_translations(user=people["editor"], data=translated)
    (row,) = [r for r in refused.value.extra["units"] if r["status"] == "refused"]
    assert row["id"] == "reset-password.chat.body" and row["reason"].startswith("length:")
    assert versions_now() == before


def test_an_inline_code_the_source_does_not_have_is_refused(base, people):
    exported = export(people, "xliff2", channels=["chat"])
    translated = translate_file("xliff2", exported.content, {"reset-password.chat.body": FI_BODY})
    forged = translated.replace(b'<ph id="1"/>', b'<ph id="9"/>')
    assert forged != translated
    with pytest.raises(TranslationRefused) as refused:
        exchange.import_translations(user=people["editor"], data=forged)
    (row,) = [r for r in refused.value.extra["units"] if r["status"] == "refused"]
    assert "not one of the source's" in row["reason"]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<xliff",  # cut off
        b"<html><body>not a translation</body></html>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en"'
        b' trgLang="fi"><file id="f"><unit id="u"><segment><source>&e;</source></segment>'
        b"</unit></file></xliff>",
        b"PK\x03\x04 not really a zip",
        b'msgid ""\nmsgstr ""\n"Language: en\\n"\n',  # the source language
        b'msgid ""\nmsgstr ""\n"Language: sv\\n"\n',  # not configured
    ],
)
def test_malformed_files_are_refused_whole(data, base, people):
    before = versions_now()
    with pytest.raises(InvalidFile):
        exchange.import_translations(user=people["editor"], data=data)
    assert versions_now() == before
    assert not TranslationFile.objects.filter(direction="import").exists()


def test_a_draft_edited_since_the_export_is_a_conflict(base, people):
    chatty = base["chatty"]
    draft = services.version_create_draft(variant=chatty, actor=people["other_editor"])
    exported = export(people, "po", channels=["chat"])
    # Someone writes the Finnish title in Parley while the file is out.
    services.version_update(
        version=draft, actor=people["other_editor"], texts={"title": {"fi": "Oma otsikko"}}
    )
    translated = translate_file(
        "po",
        exported.content,
        {"reset-password.chat.title": FI_TITLE, "reset-password.chat.body": FI_BODY},
    )
    record = exchange.import_translations(user=people["editor"], data=translated)
    rows = {row["id"]: row for row in record.units}
    assert rows["reset-password.chat.title"]["status"] == "conflict"
    assert "edited in Parley since the export" in rows["reset-password.chat.title"]["reason"]
    # The body, untouched in the draft, lands in that same draft.
    assert rows["reset-password.chat.body"]["status"] == "applied"
    draft.refresh_from_db()
    assert (draft.title_fi, draft.body_fi) == ("Oma otsikko", FI_BODY)
    assert Version.objects.filter(variant=chatty).count() == 2


def test_a_draft_in_review_is_a_conflict(base, people):
    exported = export(people, "po", channels=["chat"])
    draft = services.version_create_draft(variant=base["chatty"], actor=people["other_editor"])
    services.version_update(
        version=draft, actor=people["other_editor"], texts={"title": {"ja": "再設定"}}
    )
    services.version_submit(version=draft, actor=people["other_editor"])
    translated = translate_file("po", exported.content, {"reset-password.chat.title": FI_TITLE})
    record = exchange.import_translations(user=people["editor"], data=translated)
    (row,) = [r for r in record.units if r["id"] == "reset-password.chat.title"]
    assert row["status"] == "conflict" and "in review" in row["reason"]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(base, people):
    exported = export(people, "po", channels=["chat"])
    translated = translate_file("po", exported.content, {"reset-password.chat.title": FI_TITLE})
    first = exchange.import_translations(user=people["editor"], data=translated)
    assert first.counts["applied"] == 1
    before = versions_now()
    second = exchange.import_translations(user=people["editor"], data=translated)
    assert second.counts == {"unchanged": len(second.units)}
    assert versions_now() == before


def test_memory_prefills_missing_texts_with_scored_matches(base, people, help_page):
    from tests.factories import VariantFactory

    # A second entry whose English title is close to the first one's, and one far off.
    near = VariantFactory(channel=help_page, entry__key="reset-pin")
    publish_texts(
        near,
        people,
        {
            "title": {"en": "Reset your password now"},
            "body": {"en": "Open Settings and select Reset password."},
        },
    )
    exported = export(people, "xliff12", languages=["ja"], entries=["reset-pin"])
    units = {unit["id"]: unit for unit in exported.record.units}
    # The body is word for word the first entry's: an exact match; the title a fuzzy one.
    assert units["reset-pin.help-page.body"]["match"] == 100
    assert memory.MATCH_THRESHOLD <= units["reset-pin.help-page.title"]["match"] < 100
    document = etree.fromstring(exported.content)
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    body = document.find(".//x:trans-unit[@id='reset-pin.help-page.body']", ns)
    target = body.find("x:target", ns)
    assert target.text == "設定を開き、パスワードを再設定を選びます。"
    # Offered, not translated: the tool shows it as a match to confirm.
    assert target.get("state") == "needs-translation"
    assert target.get("state-qualifier") == "exact-match"
    assert any("100 %" in note.text for note in body.findall("x:note", ns))
    # Untouched and sent back, a pre-filled unit changes nothing.
    record = exchange.import_translations(user=people["editor"], data=exported.content)
    assert set(record.counts) == {"unchanged"}


def test_memory_leaves_dissimilar_texts_empty(base, people, help_page):
    from tests.factories import VariantFactory

    far = VariantFactory(channel=help_page, entry__key="delivery-times")
    publish_texts(
        far,
        people,
        {"title": {"en": "Delivery times"}, "body": {"en": "Parcels arrive in 2-4 days."}},
    )
    exported = export(people, "po", languages=["ja"], entries=["delivery-times"])
    assert {unit["match"] for unit in exported.record.units} == {None}


def test_memory_exports_as_tmx(base, people):
    from translate.storage import tmx

    store = tmx.tmxfile.parsestring(memory.memory_tmx(["ja"]))
    pairs = {(unit.source, unit.target) for unit in store.units}
    assert ("Reset your password", "パスワードの再設定") in pairs
    # Only current translations are memory: the chat variant has no Japanese.
    assert len(pairs) == 2


@pytest.mark.parametrize("tag", ["fi-FI", "FI", "fi_FI"])
def test_language_tags_as_tools_write_them(tag, base, people):
    exported = export(people, "po", channels=["chat"])
    translated = translate_file("po", exported.content, {"reset-password.chat.title": FI_TITLE})
    retagged = translated.replace(b'"Language: fi\\n"', f'"Language: {tag}\\n"'.encode())
    assert retagged != translated
    record = exchange.import_translations(user=people["editor"], data=retagged)
    assert record.languages == ["fi"] and record.counts["applied"] == 1


@pytest.mark.parametrize("tag", ["zh-TW", "zh_Hant", "zh-Hant-TW"])
def test_chinese_tags_name_traditional_chinese(tag):
    from knowledge.languages import file_language

    assert file_language(tag) == "zh-hant"
    assert file_language("sv-SE") is None


@pytest.mark.parametrize(
    "code",
    [b'<pc id="9">Kiitos</pc>', b'<pc id="9"/>'],
)
def test_a_formatting_code_the_source_does_not_have_is_refused(code, base, people):
    exported = export(people, "xliff2", channels=["chat"])
    translated = translate_file("xliff2", exported.content, {"reset-password.chat.body": FI_BODY})
    forged = translated.replace(b"<target>Kiitos", b"<target>" + code, 1)
    assert forged != translated
    with pytest.raises(TranslationRefused) as refused:
        exchange.import_translations(user=people["editor"], data=forged)
    (row,) = [r for r in refused.value.extra["units"] if r["status"] == "refused"]
    assert "<pc id='9'> is not one of the source's" in row["reason"]


def test_a_unit_twice_in_one_upload_is_refused(base, people):
    import io
    import zipfile

    exported = export(people, "po", channels=["chat"])
    first = translate_file("po", exported.content, {"reset-password.chat.title": "Yksi"})
    second = translate_file("po", exported.content, {"reset-password.chat.title": "Kaksi"})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.po", first)
        archive.writestr("b.po", second)
    before = versions_now()
    with pytest.raises(TranslationRefused) as refused:
        exchange.import_translations(user=people["editor"], data=buffer.getvalue())
    rows = [r for r in refused.value.extra["units"] if r["id"] == "reset-password.chat.title"]
    assert [r["status"] for r in rows] == ["refused", "refused"]
    assert "2 times" in rows[0]["reason"]
    assert versions_now() == before


def test_a_zip_with_other_files_is_refused(base, people):
    import io
    import zipfile

    exported = export(people, "po", channels=["chat"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("fi.po", exported.content)
        archive.writestr("notes.docx", b"...")
    with pytest.raises(InvalidFile, match=r"notes\.docx"):
        exchange.import_translations(user=people["editor"], data=buffer.getvalue())


def test_a_file_over_the_limit_is_413(base, people, settings):
    from config.errors import FileTooLarge

    settings.PARLEY_MAX_TRANSLATION_FILE_BYTES = 1000
    exported = export(people, "po", channels=["chat"])
    with pytest.raises(FileTooLarge) as error:
        exchange.import_translations(user=people["editor"], data=exported.content)
    assert (error.value.code, error.value.status_code) == ("payload_too_large", 413)


def test_a_duplicated_placeholder_says_so(base, people):
    exported = export(people, "po", channels=["chat"])
    translated = translate_file(
        "po", exported.content, {"reset-password.chat.body": FI_BODY + " {{customer_name}}"}
    )
    with pytest.raises(TranslationRefused) as refused:
        exchange.import_translations(user=people["editor"], data=translated)
    (row,) = [r for r in refused.value.extra["units"] if r["id"] == "reset-password.chat.body"]
    assert "more often than in the source {{customer_name}}" in row["reason"]


def test_over_length_names_its_field_and_holds_the_other_back(base, people):
    exported = export(people, "po", channels=["chat"])
    long_body = "Kiitos, {{customer_name}}. " + "Avaa Asetukset. " * 60
    translated = translate_file(
        "po",
        exported.content,
        {"reset-password.chat.title": FI_TITLE, "reset-password.chat.body": long_body},
    )
    with pytest.raises(TranslationRefused) as refused:
        exchange.import_translations(user=people["editor"], data=translated)
    rows = {r["id"]: r for r in refused.value.extra["units"]}
    assert rows["reset-password.chat.body"]["reason"].startswith("length:")
    assert rows["reset-password.chat.title"]["reason"] == (
        "held back with reset-password.chat.body, refused"
    )


def test_a_text_saved_while_the_file_is_imported_is_a_conflict(base, people, monkeypatch):
    chatty = base["chatty"]
    draft = services.version_create_draft(variant=chatty, actor=people["other_editor"])
    exported = export(people, "po", channels=["chat"])
    translated = translate_file("po", exported.content, {"reset-password.chat.title": FI_TITLE})
    checks = exchange._check_groups

    def someone_saves_meanwhile(*args, **kwargs):
        # Between the import's checks and its writes, an editor saves the same text.
        checks(*args, **kwargs)
        services.version_update(
            version=Version.objects.get(pk=draft.pk),
            actor=people["other_editor"],
            texts={"title": {"fi": "Toimittajan otsikko"}},
        )

    monkeypatch.setattr(exchange, "_check_groups", someone_saves_meanwhile)
    record = exchange.import_translations(user=people["editor"], data=translated)
    (row,) = [r for r in record.units if r["id"] == "reset-password.chat.title"]
    assert row["status"] == "conflict" and "while the file was imported" in row["reason"]
    draft.refresh_from_db()
    assert draft.title_fi == "Toimittajan otsikko"
