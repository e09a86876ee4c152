"""Stored snippet texts in the form `templates_app.services` now writes them:
LF line endings, no trailing whitespace, Unicode NFC, no surrounding blanks.

A change of form, not an edit: `queryset.update()` writes no history rows.
Reversing it changes nothing.
"""

from django.conf import settings
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from config.texts import normalise_text
from knowledge.languages import localized


def snippet_form(value: str) -> str:
    return normalise_text(value).strip()


def normalise_snippet_texts(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    SnippetVersion = apps.get_model("templates_app", "SnippetVersion")
    names = {f.name for f in SnippetVersion._meta.concrete_fields}
    # From the migration's model: a language new in settings has no column yet.
    wanted = ["text"] + [localized("text", code) for code, _name in settings.LANGUAGES]
    columns = [name for name in dict.fromkeys(wanted) if name in names]
    updates = []
    for row in SnippetVersion.objects.values("pk", *columns).iterator(chunk_size=500):
        changed = {
            column: snippet_form(row[column])
            for column in columns
            if row[column] is not None and snippet_form(row[column]) != row[column]
        }
        if changed:
            updates.append((row["pk"], changed))
    # Written after reading: SQLite gives no isolation between the two on one connection.
    for pk, changed in updates:
        SnippetVersion.objects.filter(pk=pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("templates_app", "0005_snippet_transitions_schedule_one_published"),
    ]

    operations = [
        migrations.RunPython(normalise_snippet_texts, migrations.RunPython.noop),
    ]
