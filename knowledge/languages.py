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
