"""Stored texts in the one form the services now write: LF line endings, no
trailing whitespace, Unicode NFC (`config.texts.normalise_text`).

Normalising a source text changes its digest, and every translation records
the digest of the source it was written against (`based_on_<lang>`). So the
digests of the primary channel's source texts are mapped from before to after
and every `based_on` column is rewritten through that map: no text becomes
outdated, or current, by this migration.

Rows are updated with `queryset.update()` on the migration's models: this is a
change of form, not an edit anybody made, so it writes no history rows.
Reversing it changes nothing (the old form is not worth restoring).
"""

from collections.abc import Callable

from django.conf import settings
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import Model

from config.texts import normalise_text
from knowledge.digests import text_digest
from knowledge.languages import localized

Form = Callable[[str], str]  # a stored text -> the form the services write it in


def _columns(model: type[Model], field: str) -> list[str]:
    """The stored columns of translated `field`: the bare one and one per language.

    Read from the migration's model, not from settings: a language added to
    settings has no column until a later migration creates it.
    """
    names = {f.name for f in model._meta.concrete_fields}
    wanted = [field] + [localized(field, code) for code, _name in settings.LANGUAGES]
    return [name for name in dict.fromkeys(wanted) if name in names]


def questions_form(value: str) -> str:
    # As `knowledge.services.entries` writes them: one stripped question a line.
    lines = normalise_text(value).split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


def _changes(row: dict, columns: list[str], form: Form) -> dict[str, str]:
    changed = {}
    for column in columns:
        value = row[column]
        if value is None:
            continue
        new = form(value)
        if new != value:
            changed[column] = new
    return changed


def _update(model: type[Model], updates: list[tuple[int, dict[str, str]]]) -> None:
    # Collected first, written after: SQLite reads and writes one table on one
    # connection without isolation, so nothing is written while reading.
    for pk, changed in updates:
        model.objects.filter(pk=pk).update(**changed)


def normalise_rows(model: type[Model], columns: list[str], form: Form = normalise_text) -> None:
    """Rewrite `columns` of every row of `model` in their normalised form."""
    updates = []
    for row in model.objects.values("pk", *columns).iterator(chunk_size=500):
        changed = _changes(row, columns, form)
        if changed:
            updates.append((row["pk"], changed))
    _update(model, updates)


def source_digest_map(models: list[type[Model]], title: str, body: str) -> dict[str, str]:
    """Digest of each stored source text as it was -> as it is normalised.

    Every version of every primary-channel variant, and every state of them in
    the history (an intermediate draft text may be what a language was written
    against).
    """
    mapping = {}
    for model in models:
        rows = model.objects.filter(variant__channel__is_primary=True).values_list(title, body)
        for old_title, old_body in rows.iterator(chunk_size=500):
            old_title, old_body = old_title or "", old_body or ""
            before = text_digest(title=old_title, body=old_body)
            after = text_digest(title=normalise_text(old_title), body=normalise_text(old_body))
            if before != after:
                mapping[before] = after
    return mapping


def normalise_versions(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Version = apps.get_model("knowledge", "Version")
    HistoricalVersion = apps.get_model("knowledge", "HistoricalVersion")
    source = settings.PARLEY_SOURCE_LANGUAGE
    title, body = localized("title", source), localized("body", source)
    texts = _columns(Version, "title") + _columns(Version, "body")
    based_on = _columns(Version, "based_on")
    mapping = {}
    if {title, body} <= set(texts):
        mapping = source_digest_map([Version, HistoricalVersion], title, body)

    updates = []
    for row in Version.objects.values("pk", *texts, *based_on).iterator(chunk_size=500):
        changed = _changes(row, texts, normalise_text)
        for column in based_on:
            if row[column] in mapping:
                changed[column] = mapping[row[column]]
        if changed:
            updates.append((row["pk"], changed))
    _update(Version, updates)


def normalise_entries_and_topics(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Entry = apps.get_model("knowledge", "Entry")
    Topic = apps.get_model("knowledge", "Topic")
    normalise_rows(Entry, _columns(Entry, "questions"), questions_form)
    normalise_rows(Topic, _columns(Topic, "name"))


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0001_initial"),
        ("knowledge", "0004_review_routing_tokens"),
    ]

    operations = [
        migrations.RunPython(normalise_versions, migrations.RunPython.noop),
        migrations.RunPython(normalise_entries_and_topics, migrations.RunPython.noop),
    ]
