"""Export -> translate in the file (as a tool would) -> import, in each format."""

import io
import re
import zipfile

import pytest
from lxml import etree
from translate.storage import po, xliff, xliff2

from knowledge.languages import localized
from knowledge.models import Transition, TranslationFile
from knowledge.selectors import OUTDATED, UP_TO_DATE, current_source_digest, text_state
from knowledge.translators import exchange
from knowledge.workflow import VersionStatus
from tests.knowledge.translators.conftest import publish_texts, xliff_schema

pytestmark = pytest.mark.django_db

FI_TITLE = "Vaihda salasana"
FI_BODY = (
    "Kiitos kysymyksestä, {{customer_name}}. Avaa Asetukset ja valitse Vaihda salasana. "
    "Kirjoita, jos viesti ei tule."
)


def translate_file(fmt: str, content: bytes, texts: dict[str, str]) -> bytes:
    """Fill targets by unit id the way a translation tool does, marking them translated.

    In XLIFF the placeholder is the source's inline code, moved to where it belongs."""
    if fmt == "po":
        store = po.pofile.parsestring(content)
        for unit in store.units:
            if unit.getcontext() in texts:
                unit.target = texts[unit.getcontext()]
                unit.markfuzzy(False)
        return bytes(store)
    store = (xliff2.Xliff2File if fmt == "xliff2" else xliff.xlifffile).parsestring(content)
    for unit in store.units:
        node = unit.xmlelement
        # The unit's own id (the toolkit's getid() prefixes the 1.2 file name).
        unit_id = (node.getparent() if fmt == "xliff2" else node).get("id")
        if unit_id not in texts:
            continue
        ns = etree.QName(node).namespace
        source = node.find(f"{{{ns}}}source")
        target = node.find(f"{{{ns}}}target")
        if target is None:
            target = etree.SubElement(node, f"{{{ns}}}target")
        for child in list(target):
            target.remove(child)
        codes = {
            (c.get("equiv") or c.get("equiv-text")): c.get("id")
            for c in source
            if etree.QName(c).localname in ("ph", "x")
        }
        pieces = re.split(r"(\{\{[^}]+\}\})", texts[unit_id])
        target.text, last = pieces[0], None
        for index in range(1, len(pieces), 2):
            tag = "ph" if fmt == "xliff2" else "x"
            last = etree.SubElement(target, f"{{{ns}}}{tag}", id=codes[pieces[index]])
            last.tail = pieces[index + 1]
        if fmt == "xliff2":
            node.set("state", "translated")
        else:
            target.set("state", "translated")
    return bytes(store)


@pytest.mark.parametrize("fmt", ["xliff2", "xliff12", "po"])
def test_round_trip_lands_exactly_the_new_texts_as_drafts(fmt, base, people):
    editor = people["editor"]
    exported = exchange.export_translations(user=editor, fmt=fmt, languages=["fi"])
    ids = [unit["id"] for unit in exported.record.units]
    assert ids == [
        "reset-password.help-page.title",
        "reset-password.help-page.body",
        "reset-password.chat.title",
        "reset-password.chat.body",
    ]
    if fmt != "po":
        document = etree.fromstring(exported.content)
        schema = xliff_schema(fmt)
        assert schema.validate(document), schema.error_log
        # The placeholder travels as a protected code, never as text to translate.
        assert b"{{customer_name}}</source>" not in exported.content
        assert b'equiv="{{customer_name}}"' in exported.content or (
            b'equiv-text="{{customer_name}}"' in exported.content
        )
    translated = translate_file(
        fmt,
        exported.content,
        {
            "reset-password.chat.title": FI_TITLE,
            "reset-password.chat.body": FI_BODY,
        },
    )
    record = exchange.import_translations(user=editor, data=translated, filename=f"fi.{fmt}")
    statuses = {row["id"]: row["status"] for row in record.units}
    assert statuses["reset-password.chat.title"] == "applied"
    assert statuses["reset-password.chat.body"] == "applied"
    # Units left untranslated in the file change nothing.
    assert statuses["reset-password.help-page.title"] == "unchanged"

    chatty = base["chatty"]
    chatty.refresh_from_db()
    draft = chatty.draft
    assert draft.status == VersionStatus.DRAFT and draft.author == editor
    assert (draft.title_fi, draft.body_fi) == (FI_TITLE, FI_BODY)
    # Other languages untouched, in the draft and live.
    live = chatty.published_version
    for code in ("en", "ja", "zh_hant"):
        for field in ("title", "body"):
            assert getattr(draft, f"{field}_{code}") == getattr(live, f"{field}_{code}")
    assert live.title_fi == "" and live.status == VersionStatus.PUBLISHED
    assert text_state(version=draft, language="fi", source=current_source_digest(draft)) == (
        UP_TO_DATE
    )
    # One draft per variant; the help page got none (nothing of it was translated).
    base["plain"].refresh_from_db()
    assert base["plain"].draft is None
    assert Transition.objects.filter(version=draft, action="import").count() == 1
    assert record.export == exported.record
    assert {row["version"] for row in record.units if row["status"] == "applied"} == {draft.pk}


def test_several_languages_come_as_a_zip_and_go_back_as_one(base, people):
    exported = exchange.export_translations(
        user=people["editor"], fmt="po", languages=["fi", "zh-hant"], channels=["chat"]
    )
    assert exported.content_type == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    names = sorted(archive.namelist())
    assert names == [
        f"parley-{exported.record.pk}-fi.po",
        f"parley-{exported.record.pk}-zh-hant.po",
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name in names:
            texts = {"reset-password.chat.title": f"{name[-8:-3]} title"}
            out.writestr(name, translate_file("po", archive.read(name), texts))
    record = exchange.import_translations(user=people["editor"], data=buffer.getvalue())
    base["chatty"].refresh_from_db()
    draft = base["chatty"].draft
    assert draft.title_fi.endswith("title") and draft.title_zh_hant.endswith("title")
    assert sorted(record.languages) == ["fi", "zh-hant"]


def test_a_translation_of_an_older_source_lands_outdated(base, people):
    exported = exchange.export_translations(user=people["editor"], fmt="xliff2", languages=["fi"])
    # The source changes while the file is with the translator.
    publish_texts(base["plain"], people, {"body": {"en": "Open Settings, then Security."}})
    translated = translate_file(
        "xliff2",
        exported.content,
        {
            "reset-password.help-page.title": "Vaihda salasana",
            "reset-password.help-page.body": "Avaa Asetukset.",
        },
    )
    record = exchange.import_translations(user=people["editor"], data=translated)
    rows = {row["id"]: row for row in record.units}
    assert rows["reset-password.help-page.body"]["status"] == "applied"
    assert rows["reset-password.help-page.body"]["outdated"] is True
    base["plain"].refresh_from_db()
    draft = base["plain"].draft
    assert draft.body_fi == "Avaa Asetukset."
    assert text_state(version=draft, language="fi", source=current_source_digest(draft)) == OUTDATED


def test_import_is_logged_with_who_when_and_which_units(base, people):
    exported = exchange.export_translations(user=people["editor"], fmt="po", languages=["fi"])
    translated = translate_file("po", exported.content, {"reset-password.chat.title": FI_TITLE})
    exchange.import_translations(user=people["other_editor"], data=translated, filename="fi.po")
    export, imported = (
        TranslationFile.objects.get(direction="export"),
        TranslationFile.objects.get(direction="import"),
    )
    assert export.user == people["editor"] and export.languages == ["fi"]
    assert len(export.units) == 4
    assert imported.user == people["other_editor"] and imported.filename == "fi.po"
    assert imported.counts == {"applied": 1, "unchanged": 3}
    # The version's own history names the importer.
    draft = base["chatty"].versions.get(status="draft")
    assert draft.history.first().history_user == people["other_editor"]
    assert localized("title", "fi") == "title_fi"


def test_an_outdated_text_sent_back_unchanged_but_translated_is_confirmed(base, people):
    plain = base["plain"]
    publish_texts(plain, people, {"body": {"en": "Open Settings, then select Reset password."}})
    exported = exchange.export_translations(user=people["editor"], fmt="po", languages=["ja"])
    store = po.pofile.parsestring(exported.content)
    offered = {unit.getcontext(): unit for unit in store.units if unit.getcontext()}
    # The outdated Japanese is offered as it is, marked fuzzy; the translator finds it
    # still right and marks both units translated without changing a word.
    assert offered["reset-password.help-page.body"].isfuzzy()
    for unit in offered.values():
        unit.markfuzzy(False)
    record = exchange.import_translations(user=people["editor"], data=bytes(store))
    rows = {row["id"]: row for row in record.units}
    assert rows["reset-password.help-page.body"]["status"] == "applied"
    assert rows["reset-password.help-page.body"]["reason"].startswith("confirmed still correct")
    plain.refresh_from_db()
    draft = plain.draft
    assert draft.body_ja == plain.published_version.body_ja  # not retyped
    assert text_state(version=draft, language="ja", source=current_source_digest(draft)) == (
        UP_TO_DATE
    )


def test_half_of_an_outdated_text_leaves_the_language_outdated(base, people):
    plain = base["plain"]
    publish_texts(plain, people, {"body": {"en": "Open Settings, then select Reset password."}})
    exported = exchange.export_translations(user=people["editor"], fmt="po", languages=["ja"])
    translated = translate_file(
        "po", exported.content, {"reset-password.help-page.title": "パスワードを再設定する"}
    )
    record = exchange.import_translations(user=people["editor"], data=translated)
    rows = {row["id"]: row for row in record.units}
    assert rows["reset-password.help-page.title"]["status"] == "applied"
    assert "reason" not in rows["reset-password.help-page.title"]
    assert rows["reset-password.help-page.body"]["status"] == "unchanged"
    plain.refresh_from_db()
    draft = plain.draft
    assert draft.title_ja == "パスワードを再設定する"
    assert text_state(version=draft, language="ja", source=current_source_digest(draft)) == (
        OUTDATED
    )
