"""Files to and from translators: what an export records, and how an import lands.

An import never writes a published text: each variant it touches gets one draft
(the open one, or a new one copied from the live version, authored by the
importing person), which then goes through review like any edit, routed to the
reviewers of the languages it changes. Per unit the report says `applied`,
`unchanged`, `conflict` (the text was edited in Parley since the export, or its
draft is in review) or `refused` (with the reason). The units of one variant
in one language land together or not at all, so a draft never holds half of a
translation whose other half was refused.
"""

import io
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from config.errors import (
    FileTooLarge,
    InvalidFile,
    InvalidInput,
    TranslationRefused,
    WorkflowError,
)
from config.texts import normalise_text
from config.transactions import write_transaction
from knowledge import engine, services
from knowledge.diffs import TEXT_FIELDS
from knowledge.languages import file_language, language_codes, localized, source_language
from knowledge.models import TranslationFile, Variant, Version
from knowledge.selectors import OUTDATED, current_source_digest, text_state
from knowledge.services.versions import ANSWERS
from knowledge.translators import formats, memory
from knowledge.translators.units import (
    split_unit_id,
    text_fingerprint,
    units_to_translate,
    unknown_entry_keys,
)
from knowledge.workflow import Action
from templates_app.placeholders import references
from templates_app.selectors import published_snippets, snippet_texts, tone_words
from templates_app.tone.lint import ChannelTone, lint_text
from templates_app.tone.versions import blocking

APPLIED, UNCHANGED, CONFLICT, REFUSED = "applied", "unchanged", "conflict", "refused"
MAX_FILES_IN_ZIP = 100


class EditedMeanwhile(Exception):
    """A text changed between checking an import and writing it."""


@dataclass
class ExportFile:
    record: TranslationFile
    content: bytes
    filename: str
    content_type: str


def target_languages(languages: Iterable[str]) -> list[str]:
    """The named target languages, deduplicated; InvalidInput for none, an unknown one or
    the source language."""
    codes = list(dict.fromkeys(code.strip() for code in languages if code.strip()))
    if not codes:
        raise InvalidInput("Name the languages to translate into.", field="languages")
    unknown = [code for code in codes if code not in language_codes()]
    if unknown:
        raise InvalidInput(
            f"Unknown languages: {', '.join(unknown)}. Configured: {', '.join(language_codes())}.",
            field="languages",
        )
    if source_language() in codes:
        raise InvalidInput(
            f"{source_language()} is the source language: texts are translated from it.",
            field="languages",
        )
    return codes


def export_translations(
    *,
    user: Any,
    fmt: str,
    languages: Iterable[str],
    entries: Iterable[str] | None = None,
    channels: Iterable[str] | None = None,
    everything: bool = False,
) -> ExportFile:
    """A file (a zip of one file per language when several) of what needs translating.

    Without `everything` only missing and outdated texts. Targets missing in a
    language are pre-filled from the translation memory where a match is at
    least `memory.MATCH_THRESHOLD` % alike. The export is recorded with each
    unit's baseline for the import that brings it back.
    """
    if fmt not in formats.FORMATS:
        raise InvalidInput(
            f"Unknown format {fmt!r}; use one of {', '.join(formats.FORMATS)}.", field="format"
        )
    codes = target_languages(languages)
    if entries is not None:
        entries = list(entries)
        unknown = unknown_entry_keys(entries)
        if unknown:
            raise InvalidInput(f"No entries with keys: {', '.join(unknown)}.", field="entries")
    if channels is not None:
        channels = list(channels)
        # Variants name their channel's model; content imports nothing of delivery.
        channel_model = Variant._meta.get_field("channel").related_model
        known = set(channel_model.objects.filter(slug__in=channels).values_list("slug", flat=True))
        unknown = [slug for slug in channels if slug not in known]
        if unknown:
            raise InvalidInput(f"No channels: {', '.join(unknown)}.", field="channels")
    units = units_to_translate(
        languages=codes, entries=entries, channels=channels, everything=everything
    )
    if not units:
        raise InvalidInput(
            "Nothing needs translating in this selection"
            + (
                "."
                if everything
                else "; include texts that are already up to date (all) to send them too."
            ),
            field="languages",
        )
    memory.prefill(units)
    record = TranslationFile.objects.create(
        direction=TranslationFile.Direction.EXPORT,
        format=fmt,
        languages=codes,
        user=user if getattr(user, "pk", None) else None,
        units=[unit.record() for unit in units],
    )
    extension = formats.EXTENSIONS[fmt]
    files = {
        f"parley-{record.pk}-{code}.{extension}": formats.write(
            [unit for unit in units if unit.language == code],
            language=code,
            fmt=fmt,
            export_id=record.pk,
        )
        for code in codes
        if any(unit.language == code for unit in units)
    }
    if len(files) == 1:
        (filename, content), content_type = next(iter(files.items())), formats.CONTENT_TYPES[fmt]
    else:
        filename, content_type = f"parley-{record.pk}-{fmt}.zip", "application/zip"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        content = buffer.getvalue()
    record.filename = filename
    record.save(update_fields=["filename"])
    return ExportFile(record, content, filename, content_type)


# --- import --------------------------------------------------------------------------


def max_file_bytes() -> int:
    """The largest translation file (or zip) taken back (`PARLEY_MAX_TRANSLATION_FILE_BYTES`)."""
    return int(settings.PARLEY_MAX_TRANSLATION_FILE_BYTES)


def _documents(data: bytes) -> list[formats.TranslationDocument]:
    """The translation files in an upload: one file, or a zip of them."""
    limit = max_file_bytes()
    if not data.strip():
        raise InvalidFile("The file is empty.")
    if len(data) > limit:
        raise FileTooLarge(f"The file is larger than the limit of {limit} bytes.")
    if not data.startswith(b"PK"):
        return [formats.read(data)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not info.filename.startswith("__MACOSX/")
        ]
        others = [
            info.filename
            for info in members
            if not info.filename.lower().endswith((".xlf", ".xliff", ".po"))
        ]
        if others:
            raise InvalidFile(
                f"The zip holds files that are not .xlf, .xliff or .po: {', '.join(others[:5])}."
            )
        if not members or len(members) > MAX_FILES_IN_ZIP:
            raise InvalidFile(f"A zip must hold 1 to {MAX_FILES_IN_ZIP} .xlf, .xliff or .po files.")
        if sum(info.file_size for info in members) > limit:
            raise FileTooLarge(f"The files in the zip add up to more than {limit} bytes.")
        return [formats.read(archive.read(info)) for info in members]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as error:
        raise InvalidFile(f"The zip file could not be read: {error}") from error


def _reference_difference(source: str, target: str) -> str:
    """Why `target`'s placeholders and snippets are not `source`'s ('' when they are)."""
    wanted = Counter(source[r.start : r.end] for r in references(source))
    found = Counter(target[r.start : r.end] for r in references(target))
    if wanted == found:
        return ""
    missing = ", ".join(sorted((wanted - found).elements()))
    extra = sorted(set((found - wanted).elements()))
    unknown = ", ".join(name for name in extra if name not in wanted)
    repeated = ", ".join(name for name in extra if name in wanted)
    return (
        "placeholders and snippets must be the source's, each as often"
        + (f"; missing {missing}" if missing else "")
        + (f"; not in the source {unknown}" if unknown else "")
        + (f"; more often than in the source {repeated}" if repeated else "")
    )


@dataclass
class Planned:
    """One unit on its way: where it goes and what it says."""

    row: dict
    variant: Variant
    field: str
    language: str
    target: str
    written_against: str
    source_changed: bool
    # The text in this field and language when the import was checked.
    seen: str = ""


def _plan(
    document: formats.TranslationDocument,
    variants: dict[tuple[str, str], Variant],
    baseline: dict[tuple[str, str], dict],
    refused: dict[tuple[int, str], list[str]],
    repeated: Counter,
) -> tuple[list[dict], list[Planned]]:
    """Per-unit checks that need no other unit: the report rows and what may land.

    `refused` collects, per (variant, language), the ids of units refused for what
    they say, so the rest of that text is held back with them. `repeated` counts
    each (unit id, language) over the whole upload: one given twice is refused.
    """
    rows, planned = [], []
    code = source_language()
    for unit in document.units:
        row: dict[str, Any] = {"id": unit.id, "language": document.language}
        rows.append(row)
        parts = split_unit_id(unit.id)
        variant = variants.get(parts[:2]) if parts else None
        if variant is None or variant.published_version_id is None:
            row.update(status=REFUSED, reason="unknown unit id: no such entry, channel and field")
            continue
        if repeated[(unit.id, document.language)] > 1:
            row.update(
                status=REFUSED,
                reason=f"this unit is in the upload {repeated[(unit.id, document.language)]} "
                "times in this language; send it once",
            )
            refused.setdefault((variant.pk, document.language), []).append(unit.id)
            continue
        if unit.problem:
            row.update(status=REFUSED, reason=unit.problem)
            refused.setdefault((variant.pk, document.language), []).append(unit.id)
            continue
        if not unit.translated:
            row.update(status=UNCHANGED, reason="not marked as translated in the file")
            continue
        field = parts[2]
        target = normalise_text(unit.target)
        file_source = normalise_text(unit.source)
        difference = _reference_difference(file_source, target)
        if difference:
            row.update(status=REFUSED, reason=difference)
            refused.setdefault((variant.pk, document.language), []).append(unit.id)
            continue
        base = baseline.get((unit.id, document.language))
        live = variant.published_version
        here = variant.draft or live
        current_source = getattr(here, localized(field, code)) or ""
        source_changed = file_source != normalise_text(current_source)
        if base is not None:
            written_against = base["written_against"]
            source_changed = source_changed or text_fingerprint(file_source) != base["source"]
        else:
            # No record of the export: the text was written against the source it shows.
            written_against = (
                text_fingerprint(file_source) if source_changed else current_source_digest(here)
            )
        planned.append(
            Planned(row, variant, field, document.language, target, written_against, source_changed)
        )
    return rows, planned


def _conflict(item: Planned, base: dict | None) -> str:
    """Why this unit's text cannot be written now ('' when it can)."""
    variant, column = item.variant, localized(item.field, item.language)
    draft = variant.draft
    if draft is not None and not draft.is_editable:
        return (
            f"version {draft.number} of this variant is {draft.get_status_display().lower()}; "
            "import again once it is published or sent back"
        )
    current = getattr(draft or variant.published_version, column) or ""
    if base is not None:
        if text_fingerprint(current) != base["current"]:
            return "this text was edited in Parley since the export"
    elif draft is not None and current != (getattr(variant.published_version, column) or ""):
        return f"this text was edited in draft version {draft.number}"
    return ""


def _lint_refusals(
    version: Version, language: str, texts: dict[str, str], live_snippets: Any, words: dict
) -> dict[str, str]:
    """The tone check's errors on the language as it would be (length, markup,
    references), per field: {"title": "...", "body": "..."}."""
    channel = version.variant.channel
    title = texts.get("title", getattr(version, localized("title", language)) or "")
    body = texts.get("body", getattr(version, localized("body", language)) or "")
    findings = lint_text(
        title=title,
        body=body,
        language=language,
        channel=ChannelTone(
            tone=channel.tone, max_length=channel.max_length, format=channel.format
        ),
        snippets=snippet_texts(live_snippets, language, channel.pk),
        extra_words=words.get(language, ()),
    )
    reasons: dict[str, list[str]] = {}
    for finding in blocking(findings):
        if finding.rule != "fact-mismatch":
            reasons.setdefault(finding.field, []).append(f"{finding.rule}: {finding.message}")
    return {field: "; ".join(messages) for field, messages in reasons.items()}


@write_transaction
def _land(
    variant: Variant,
    groups: dict[str, list[Planned]],
    anchors: dict[str, str],
    *,
    user: Any,
    comment: str,
) -> Version:
    """One draft of `variant` gets every language group: all of them, or none.

    The texts are checked again under the variant's lock: one edited since the
    import was checked (someone saving at the same moment) is a conflict, not
    overwritten.
    """
    variant = (
        Variant.objects.select_for_update(of=("self",))
        .select_related("draft", "published_version")
        .get(pk=variant.pk)
    )
    draft = variant.draft
    here = draft or variant.published_version
    for items in groups.values():
        for item in items:
            column = localized(item.field, item.language)
            if normalise_text(getattr(here, column) or "") != item.seen:
                raise EditedMeanwhile("this text was edited in Parley while the file was imported")
    if draft is not None and not draft.is_editable:
        raise EditedMeanwhile(f"version {draft.number} of this variant went to review meanwhile")
    if draft is None:
        draft = services.version_create_draft(variant=variant, actor=user, comment=comment)
    for language, items in groups.items():
        services.version_import_translation(
            version=draft,
            actor=user,
            language=language,
            texts={item.field: item.target for item in items if item.row["status"] == APPLIED},
            written_against=anchors[language],
            comment=f"{comment} ({language}: {', '.join(item.row['id'] for item in items)})",
        )
    return draft


def import_translations(*, user: Any, data: bytes, filename: str = "") -> TranslationFile:
    """Apply a translator's file (or zip of files); the recorded per-unit report.

    InvalidFile (400) when the file cannot be read; TranslationRefused (422, with
    the report) when no unit could be applied and some were refused.
    """
    engine.check(ANSWERS, user, Action.IMPORT)
    documents = _documents(data)
    for document in documents:
        code = file_language(document.language)
        if code is None:
            raise InvalidFile(
                f"The file is translated into {document.language!r}, which is not configured "
                f"({', '.join(language_codes())})."
            )
        if code == source_language():
            raise InvalidFile(f"{document.language} is the source language; nothing to import.")
        document.language = code
    exports = {
        record.pk: record
        for record in TranslationFile.objects.filter(
            direction=TranslationFile.Direction.EXPORT,
            pk__in=[d.export_id for d in documents if d.export_id],
        )
    }
    keys = {
        parts[:2] for d in documents for u in d.units if (parts := split_unit_id(u.id)) is not None
    }
    variants = {
        (variant.entry.key, variant.channel.slug): variant
        for variant in Variant.objects.filter(
            entry__key__in={key for key, _ in keys}, channel__slug__in={slug for _, slug in keys}
        ).select_related("entry", "channel", "published_version", "draft")
    }
    report: list[dict] = []
    landing: dict[int, dict[str, list[Planned]]] = {}
    refused: dict[tuple[int, str], list[str]] = {}
    repeated = Counter((unit.id, d.language) for d in documents for unit in d.units)
    for document in documents:
        export = exports.get(document.export_id or 0)
        baseline = {
            (unit["id"], unit["language"]): unit for unit in (export.units if export else [])
        }
        rows, planned = _plan(document, variants, baseline, refused, repeated)
        report += rows
        for item in planned:
            here = item.variant.draft or item.variant.published_version
            item.seen = normalise_text(getattr(here, localized(item.field, item.language)) or "")
            if item.seen == item.target:
                item.row.update(status=UNCHANGED, reason="the same as the text in Parley")
            elif reason := _conflict(item, baseline.get((item.row["id"], item.language))):
                item.row.update(status=CONFLICT, reason=reason)
            else:
                item.row.update(status=APPLIED)
            landing.setdefault(item.variant.pk, {}).setdefault(item.language, []).append(item)
    _check_groups(landing, refused)
    applied = 0
    record = TranslationFile.objects.create(
        direction=TranslationFile.Direction.IMPORT,
        format=documents[0].format if len({d.format for d in documents}) == 1 else "mixed",
        languages=sorted({d.language for d in documents}),
        filename=filename[:200],
        user=user,
        export=next(iter(exports.values()), None),
    )
    for groups in landing.values():
        anchors = {}
        for language, items in list(groups.items()):
            variant = items[0].variant
            anchors[language], confirms = _anchor(variant, language, items)
            if confirms and not any(item.row["status"] in (REFUSED, CONFLICT) for item in items):
                # Sent back unchanged but marked translated: the translator confirms it.
                for item in items:
                    if item.row["status"] == UNCHANGED:
                        item.row.update(
                            status=APPLIED,
                            reason="confirmed still correct against the current source",
                        )
        groups = {
            language: items
            for language, items in groups.items()
            if any(item.row["status"] == APPLIED for item in items)
        }
        if not groups:
            continue
        variant = next(iter(groups.values()))[0].variant
        try:
            draft = _land(
                variant,
                groups,
                anchors,
                user=user,
                comment=f"Imported from translation file #{record.pk}",
            )
        except (EditedMeanwhile, WorkflowError) as error:
            status, reason = (
                (CONFLICT, str(error))
                if isinstance(error, EditedMeanwhile)
                else (REFUSED, str(error.detail))
            )
            for items in groups.values():
                for item in items:
                    if item.row["status"] == APPLIED:
                        item.row.update(status=status, reason=reason)
            continue
        draft.refresh_from_db()
        for language, items in groups.items():
            outdated = text_state(
                version=draft, language=language, source=current_source_digest(draft)
            ) == OUTDATED or any(item.source_changed for item in items)
            for item in items:
                if item.row["status"] == APPLIED:
                    item.row.update(version=draft.pk, outdated=outdated)
                    applied += 1
    record.units = report
    record.save(update_fields=["units"])
    if not applied and any(row["status"] == REFUSED for row in report):
        raise TranslationRefused(
            "No unit could be applied; see each unit's reason.", units=report, id=record.pk
        )
    return record


def _check_groups(
    landing: dict[int, dict[str, list[Planned]]], refused: dict[tuple[int, str], list[str]]
) -> None:
    """Hold back the rest of a text one of whose units was refused; then the tone check
    on each variant and language as it would land (length, markup, references)."""
    live_snippets, words = published_snippets(), tone_words()  # read once per import
    for variant_pk, groups in landing.items():
        for language, items in groups.items():
            applying = [item for item in items if item.row["status"] == APPLIED]
            if not applying:
                continue
            others = refused.get((variant_pk, language))
            if others:
                for item in applying:
                    item.row.update(
                        status=REFUSED, reason=f"held back with {', '.join(others)}, refused"
                    )
                continue
            variant = applying[0].variant
            here = variant.draft or variant.published_version
            reasons = _lint_refusals(
                here,
                language,
                {item.field: item.target for item in applying},
                live_snippets,
                words,
            )
            if not reasons:
                continue
            # Each finding on the unit of its field; the rest of the text is held back.
            failed = [item.row["id"] for item in applying if item.field in reasons]
            elsewhere = "; ".join(
                f"the {field} in Parley: {text}" for field, text in reasons.items()
            )
            for item in applying:
                if item.field in reasons:
                    reason = reasons[item.field]
                elif failed:
                    reason = f"held back with {', '.join(failed)}, refused"
                else:  # the finding is on a field of this text the file does not bring
                    reason = elsewhere
                item.row.update(status=REFUSED, reason=reason)


def _anchor(variant: Variant, language: str, items: list[Planned]) -> tuple[str, bool]:
    """The source digest this language is to be marked as written against, and whether
    the file confirms an outdated text unchanged.

    The translator's source when the file brings every field of the text translated,
    or when the language was not outdated; otherwise (half of an outdated text) the
    language keeps the digest it had, and stays outdated.
    """
    here = variant.draft or variant.published_version
    live = variant.published_version
    code = source_language()
    fields = {field for field in TEXT_FIELDS if getattr(live, localized(field, code))}
    done = {item.field for item in items if item.row["status"] in (APPLIED, UNCHANGED)}
    digest = current_source_digest(here)
    outdated = text_state(version=here, language=language, source=digest) == OUTDATED
    written_against = items[0].written_against
    if fields <= done or not outdated:
        return written_against, outdated and written_against == digest
    return getattr(here, localized("based_on", language)), False
