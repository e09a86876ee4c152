"""The configured content languages and how to name their columns."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


def language_codes() -> list[str]:
    """Codes of every configured content language, in settings order."""
    return [code for code, _name in settings.LANGUAGES]


def language_name(code: str) -> str:
    """The human name of a configured language (its code when unknown)."""
    return str(dict(settings.LANGUAGES).get(code, code))


def source_language() -> str:
    """The language texts are written in first (`PARLEY_SOURCE_LANGUAGE`)."""
    return settings.PARLEY_SOURCE_LANGUAGE


def localized(field: str, language: str) -> str:
    """Column name of `field` in `language`, e.g. ``title_zh_hant``."""
    return build_localized_fieldname(field, language)


def localized_all(field: str) -> list[str]:
    """Column names of `field` in every configured language."""
    return [localized(field, code) for code in language_codes()]


# Other spellings of a configured language (lower case): regions that write it.
LANGUAGE_ALIASES = {"zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-mo": "zh-hant"}


def file_language(tag: str) -> str | None:
    """The configured language a translation file's tag names, or None.

    Tools write tags their own way (``fi-FI``, ``zh_Hant``, ``ZH-TW``): case and
    ``_`` do not matter, aliases count, and a region or script subtag that is not
    configured is dropped (``fi-FI`` is ``fi``, ``zh-Hant-TW`` is ``zh-hant``).
    """
    by_lower = {code.lower(): code for code in language_codes()}
    parts = tag.strip().replace("_", "-").lower().split("-")
    while parts and parts[0]:
        candidate = "-".join(parts)
        if candidate in by_lower:
            return by_lower[candidate]
        if candidate in LANGUAGE_ALIASES:
            return LANGUAGE_ALIASES[candidate]
        parts.pop()
    return None
