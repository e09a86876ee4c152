"""Translated snippet text, then history (after modeltranslation, see PITFALLS.md)."""

import simple_history
from modeltranslation.translator import TranslationOptions, translator

from templates_app.models import Snippet, SnippetVersion, ToneWord


class SnippetVersionTranslation(TranslationOptions):
    fields = ("text",)


translator.register(SnippetVersion, SnippetVersionTranslation)

simple_history.register(Snippet, m2m_fields=["channels"])
simple_history.register(SnippetVersion, excluded_fields=["text", "updated_at"])
simple_history.register(ToneWord)
