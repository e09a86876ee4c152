"""Reads of the knowledge base that more than one place needs."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from knowledge.digests import source_digest
from knowledge.languages import language_codes, localized, source_language
from knowledge.models import Entry, ReviewerProfile, Variant, Version
from knowledge.workflow import VersionStatus


def version_missing_language_q(*, language: str, prefix: str = "") -> Q:
    """Versions (reached through `prefix`) lacking a title or body in `language`."""
    return Q(**{f"{prefix}{localized('title', language)}": ""}) | Q(
        **{f"{prefix}{localized('body', language)}": ""}
    )


def variant_incomplete_q(*, language: str) -> Q:
    """Variants whose current text (open draft, else published) lacks `language`.

    A variant with neither counts as missing every language.
    """
    with_draft = Q(draft__isnull=False) & version_missing_language_q(
        language=language, prefix="draft__"
    )
    published_only = Q(draft__isnull=True, published_version__isnull=False) & (
        version_missing_language_q(language=language, prefix="published_version__")
    )
    empty = Q(draft__isnull=True, published_version__isnull=True)
    return with_draft | published_only | empty


def live_source_version(entry_id: int) -> Version | None:
    """The entry's live source: the published version of its plain variant on the
    primary channel, which every translation is written against (or None)."""
    primary = (
        Variant.objects.filter(entry_id=entry_id, channel__is_primary=True)
        .select_related("published_version")
        .first()
    )
    return primary.published_version if primary is not None else None


def source_versions(entry_id: int) -> tuple[Version | None, Version | None]:
    """The primary variant's open draft (when it holds source text) and its live version."""
    primary = (
        Variant.objects.filter(entry_id=entry_id, channel__is_primary=True)
        .select_related("draft", "published_version")
        .first()
    )
    if primary is None:
        return None, None
    draft, code = primary.draft, source_language()
    if draft is not None and not any(
        getattr(draft, localized(field, code)) for field in ("title", "body")
    ):
        draft = None
    return draft, primary.published_version


def translation_source_version(entry_id: int) -> Version | None:
    """The source text a translation written now is written against.

    The primary variant's open draft when it holds source text: a text written in
    the same draft set as its source is current when both are published, and only
    a later change of the source outdates it. Otherwise the live source (or None).
    """
    draft, live = source_versions(entry_id)
    return draft or live


def source_versions_by_digest(entry_id: int) -> dict[str, Version]:
    """The entry's primary-variant versions by the digest of their source-language
    text (the newest where two share one): which text a translation was written
    against. One query, however many languages ask."""
    from knowledge.digests import source_digest

    found: dict[str, Version] = {}
    for version in Version.objects.filter(
        variant__entry_id=entry_id, variant__channel__is_primary=True
    ).order_by("-number"):
        found.setdefault(source_digest(version), version)
    return found


def current_source_digest(version: Version) -> str:
    """Digest of the source text a language of `version` edited or confirmed now is
    written against: on the primary channel the version's own source-language text,
    elsewhere the entry's (`translation_source_version`); '' when there is none."""
    if version.variant.channel.is_primary:
        return source_digest(version)
    source = translation_source_version(version.variant.entry_id)
    return source_digest(source) if source is not None else ""


def entries_with_overview(queryset: QuerySet[Entry] | None = None) -> QuerySet[Entry]:
    """Entries annotated for lists: source title and, per language, whether text is missing.

    Everything is computed in the one SQL query of the list, so the cost does not
    grow with the number of rows shown.
    """
    queryset = Entry.objects.all() if queryset is None else queryset
    title_column = localized("title", source_language())
    primary = Variant.objects.filter(entry=OuterRef("pk"), channel__is_primary=True).annotate(
        shown_title=Coalesce(
            NullIf(f"draft__{title_column}", Value("")),
            NullIf(f"published_version__{title_column}", Value("")),
        )
    )
    annotations = {"overview_title": Subquery(primary.values("shown_title")[:1])}
    for code in language_codes():
        missing = Variant.objects.filter(entry=OuterRef("pk")).filter(
            variant_incomplete_q(language=code)
        )
        annotations[f"overview_missing_{code.replace('-', '_')}"] = Exists(missing)
    return queryset.select_related("topic", "owner").annotate(**annotations)


def entry_missing_languages(entry: Entry) -> list[str]:
    """Languages an entry annotated by `entries_with_overview` lacks text in."""
    return [
        code
        for code in language_codes()
        if getattr(entry, f"overview_missing_{code.replace('-', '_')}", False)
    ]


UP_TO_DATE = "up_to_date"
OUTDATED = "outdated"
MISSING = "missing"


def text_state(*, version: Version | None, language: str, source: str) -> str:
    """State of one language of a version against the entry's source digest.

    `missing`: no title or body. `outdated`: written against another source text
    than the entry's live one. An entry without a live source text cannot be
    outdated.
    """
    if version is None:
        return MISSING
    if not getattr(version, localized("title", language)) or not getattr(
        version, localized("body", language)
    ):
        return MISSING
    if source and getattr(version, localized("based_on", language)) != source:
        return OUTDATED
    return UP_TO_DATE


def outdated_matrix(entries: QuerySet[Entry]) -> list[dict]:
    """Entry × channel × language states of the live texts, for the admin matrix.

    Two queries whatever the number of entries: entries, then their variants
    with both live versions joined.
    """
    from knowledge.digests import source_digest

    entries = list(entries.select_related("topic"))
    variants = (
        Variant.objects.filter(entry__in=entries)
        .select_related("channel", "published_version")
        .order_by("channel__slug")
    )
    by_entry: dict[int, list[Variant]] = {}
    for variant in variants:
        by_entry.setdefault(variant.entry_id, []).append(variant)
    rows = []
    for entry in entries:
        entry_variants = by_entry.get(entry.pk, [])
        primary = next((v for v in entry_variants if v.channel.is_primary), None)
        live_source = primary.published_version if primary else None
        digest = source_digest(live_source) if live_source else ""
        rows.append(
            {
                "entry": entry,
                "cells": {
                    variant.channel.slug: {
                        code: text_state(
                            version=variant.published_version, language=code, source=digest
                        )
                        for code in language_codes()
                    }
                    for variant in entry_variants
                },
            }
        )
    return rows


def version_missing_languages(version: Version | None) -> list[str]:
    """Languages in which a version has no title or no body (all of them for None)."""
    return [
        code
        for code in language_codes()
        if text_state(version=version, language=code, source="") == MISSING
    ]


def reviewer_languages(user: Any) -> list[str]:
    """Languages `user` declared they review; empty means every language."""
    profile = ReviewerProfile.objects.filter(user_id=user.pk).first()
    return list(profile.languages) if profile else []


def review_queue(user: Any, queryset: QuerySet[Version] | None = None) -> QuerySet[Version]:
    """Versions in review that `user` can judge, oldest submission first.

    Left out: versions they wrote or edited (four-eyes), and versions whose
    changed languages include one they did not declare. The language check
    runs over the versions in review only, which stay few.
    """
    queryset = Version.objects.all() if queryset is None else queryset
    waiting = (
        queryset.filter(status=VersionStatus.IN_REVIEW)
        .exclude(author=user)
        .exclude(contributors=user)
    )
    languages = set(reviewer_languages(user))
    if languages:
        judgeable = [
            pk
            for pk, changed in waiting.values_list("pk", "changed_languages")
            if judges(languages, changed)
        ]
        waiting = waiting.filter(pk__in=judgeable)
    return waiting.order_by("submitted_at", "pk")


def judges(declared: Iterable[str], changed: Iterable[str] | None) -> bool:
    """Whether a reviewer who declared `declared` languages (none: every language) can
    judge a version that changes `changed` (None: a kind without language routing)."""
    declared = set(declared)
    return not declared or set(changed or []) <= declared


# Permissions held through groups or one's own grants; the axes backend checks none.
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def version_reviewers(version: Any, *, permission: str = "knowledge.review_version") -> list[Any]:
    """Who finds `version` in their review queue: `review_queue`'s rule seen from the version.

    `reviewers_of` the languages it changes, except its author and contributors
    (four-eyes). `version` is of either kind; snippets' versions change no listed
    languages and go to every reviewer of snippets.
    """
    excluded = [version.author_id, *version.contributors.values_list("pk", flat=True)]
    changed = getattr(version, "changed_languages", None)
    return reviewers_of(changed, permission=permission, exclude=excluded)


def reviewers_of(
    changed: Iterable[str] | None,
    *,
    permission: str = "knowledge.review_version",
    exclude: Iterable[int | None] = (),
) -> list[Any]:
    """Active people holding `permission` through a group or their own grants (a
    superuser's blanket rights do not make everyone's reviewer) who declared every
    language of `changed` or none; two queries."""
    candidates = list(
        get_user_model()
        .objects.with_perm(permission, include_superusers=False, backend=PERMISSION_BACKEND)
        .exclude(pk__in=[pk for pk in exclude if pk is not None])
        .order_by("pk")
    )
    declared = dict(
        ReviewerProfile.objects.filter(user__in=candidates).values_list("user_id", "languages")
    )
    return [user for user in candidates if judges(declared.get(user.pk) or [], changed)]
