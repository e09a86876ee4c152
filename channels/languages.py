"""The `lang` a channel asks for: validated, normalised, and turned into a fallback chain."""

import re

from knowledge.languages import LANGUAGE_ALIASES, language_codes, source_language

WELL_FORMED = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
MAX_LENGTH = 35


class MalformedLanguage(ValueError):
    """Not a language tag at all (400 `invalid_language`)."""


def normalize_language(raw: str) -> str:
    """The configured code `raw` names (any case, or an alias); else `raw` in lower case.

    A well-formed tag that is not configured (``sv``) is returned as it is, so
    the caller can report it as the requested language and fall back.
    """
    if len(raw) > MAX_LENGTH or not WELL_FORMED.fullmatch(raw):
        raise MalformedLanguage(raw)
    lowered = raw.lower()
    by_lower = {code.lower(): code for code in language_codes()}
    if lowered in by_lower:
        return by_lower[lowered]
    return LANGUAGE_ALIASES.get(lowered, lowered)


def from_accept_language(header: str) -> str | None:
    """The client's most preferred configured language from `Accept-Language`, if any."""
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        try:
            code = normalize_language(tag.strip())
        except MalformedLanguage:
            continue
        if code in language_codes() and quality > 0:
            choices.append((-quality, index, code))
    return min(choices)[2] if choices else None


def language_chain(requested: str, fallbacks: list[str]) -> list[str]:
    """Languages to try, in order: requested (if configured), the channel's, the source."""
    configured = set(language_codes())
    chain = [requested] if requested in configured else []
    for code in [*fallbacks, source_language()]:
        if code in configured and code not in chain:
            chain.append(code)
    return chain


def requested_language(raw: str | None, accept_language: str | None, default: str) -> str:
    """The language a delivery request asks for: `lang` when given (else
    `Accept-Language`, else the channel's `default`). MalformedLanguage for a
    `lang` that is not a language tag."""
    if raw is not None:
        return normalize_language(raw)
    return (accept_language and from_accept_language(accept_language)) or default
