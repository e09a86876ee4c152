"""Translated fields as ``{language: value}`` mappings (DESIGN.md, Contract details)."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from knowledge.languages import language_codes, localized


def _language_object(value_schema: dict) -> dict:
    return {
        "type": "object",
        "properties": {code: value_schema for code in language_codes()},
        "additionalProperties": False,
    }


class _LanguageMapping(serializers.Field):
    """Reads every language column of a field; writes only the languages given."""

    default_error_messages = {
        "not_a_mapping": 'Expected an object keyed by language code, such as {{"en": "..."}}.',
        "unknown_language": "Unknown language codes: {codes}.",
        "null_character": "Text may not hold NUL characters.",
    }

    def __init__(self, field: str, **kwargs: Any) -> None:
        self.field = field
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        # Reads need the whole object (one column per language), not one attribute.
        return instance

    def validate_mapping(self, data: Any) -> dict:
        if not isinstance(data, dict):
            self.fail("not_a_mapping")
        unknown = sorted(set(data) - set(language_codes()))
        if unknown:
            self.fail("unknown_language", codes=", ".join(unknown))
        return data


class TranslatedTextField(_LanguageMapping):
    """``{"en": "text", "ja": "..."}``; a missing translation reads as ``""``."""

    default_error_messages = {
        **_LanguageMapping.default_error_messages,
        "not_text": "Each language's value must be a string.",
        "too_long": "Longer than {max_length} characters in {code}.",
    }

    def __init__(self, field: str, max_length: int | None = None, **kwargs: Any) -> None:
        self.max_length = max_length
        super().__init__(field, **kwargs)

    def to_representation(self, instance: Any) -> dict[str, str]:
        return {
            code: getattr(instance, localized(self.field, code)) or "" for code in language_codes()
        }

    def to_internal_value(self, data: Any) -> dict[str, str]:
        data = self.validate_mapping(data)
        for code, value in data.items():
            if not isinstance(value, str):
                self.fail("not_text")
            if "\x00" in value:
                self.fail("null_character")
            if self.max_length is not None and len(value) > self.max_length:
                self.fail("too_long", max_length=self.max_length, code=code)
        return data


@extend_schema_field(_language_object({"type": "array", "items": {"type": "string"}}))
class TranslatedLinesField(_LanguageMapping):
    """``{"en": ["line", ...]}`` over a one-item-per-line text column (example questions)."""

    default_error_messages = {
        **_LanguageMapping.default_error_messages,
        "not_lines": "Each language's value must be a list of strings without line breaks.",
    }

    def to_representation(self, instance: Any) -> dict[str, list[str]]:
        return {code: instance.question_list(code) for code in language_codes()}

    def to_internal_value(self, data: Any) -> dict[str, list[str]]:
        data = self.validate_mapping(data)
        for lines in data.values():
            if not isinstance(lines, list) or not all(
                isinstance(line, str) and "\n" not in line and "\r" not in line for line in lines
            ):
                self.fail("not_lines")
            if any("\x00" in line for line in lines):
                self.fail("null_character")
        return data


class LimitedTextField(serializers.CharField):
    """Text whose length `config.limits` bounds (`limit_name`): checked where it is
    stored, with `text_too_long`; the schema shows the limit (knowledge.api.schema)."""

    def __init__(self, limit_name: str, **kwargs: Any) -> None:
        self.limit_name = limit_name
        super().__init__(**kwargs)
