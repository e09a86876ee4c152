"""Reads of the knowledge base that more than one place needs."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from knowledge.languages import language_codes, localized, source_language
from knowledge.models import Entry, Variant


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
