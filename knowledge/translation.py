"""Translated fields, then history.

History is registered here, after modeltranslation has added the language
columns, so the history tables get `title_en`, `title_ja`... (PITFALLS.md).
The bare fields (`title`, `body`...) are excluded: they mirror whatever the
active language resolved to, and would log changes nobody made.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, translator

from knowledge.models import Entry, Topic, Variant, Version


class TopicTranslation(TranslationOptions):
    fields = ("name",)


class EntryTranslation(TranslationOptions):
    fields = ("questions",)


class VersionTranslation(TranslationOptions):
    fields = ("title", "body", "based_on")


translator.register(Topic, TopicTranslation)
translator.register(Entry, EntryTranslation)
translator.register(Version, VersionTranslation)

simple_history.register(Topic, excluded_fields=["name"])
simple_history.register(Entry, excluded_fields=["questions", "updated_at"], m2m_fields=["tags"])
simple_history.register(Variant)
simple_history.register(Version, excluded_fields=["title", "body", "based_on", "updated_at"])
