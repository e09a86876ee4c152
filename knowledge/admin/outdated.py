"""Outdated translations on a version's page, and confirming them as still correct.

A translation is outdated when the source text it was written against changed.
Often the change does not touch what the translation says (a typo, a link):
then an editor confirms it instead of retyping it. The confirmation lands in a
draft (opened from the live version when there is none), is logged, and goes
through review like an edit; once published the language is current again.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from config.errors import WorkflowError
from config.numbers import ascii_int
from config.transactions import write_transaction
from knowledge import services
from knowledge.diffs import text_ops
from knowledge.digests import source_digest
from knowledge.languages import language_codes, language_name, localized, source_language
from knowledge.models import Version
from knowledge.selectors import (
    OUTDATED,
    current_source_digest,
    live_source_version,
    source_versions_by_digest,
    text_state,
)

CONFIRM_PERMISSION = "knowledge.change_version"
OPEN_DRAFT_PERMISSION = "knowledge.add_version"


def outdated_languages(version: Version) -> list[str]:
    """Languages of `version` written against another source text than they should be.

    A draft is checked against the source a translation written now is written
    against (`current_source_digest`); the live version against the live source,
    as the language matrix and delivery report it. Other versions: none.
    """
    variant = version.variant
    if version.is_editable:
        digest = current_source_digest(version)
    elif variant.published_version_id == version.pk:
        live = live_source_version(variant.entry_id)
        digest = source_digest(live) if live is not None else ""
    else:
        return []
    if not digest:
        return []
    is_source = variant.channel.is_primary
    return [
        code
        for code in language_codes()
        if not (is_source and code == source_language())
        and text_state(version=version, language=code, source=digest) == OUTDATED
    ]


def source_change(
    sources: dict[str, Version], old_digest: str, new_digest: str
) -> dict[str, Any] | None:
    """What changed in the entry's source text between the one a translation was
    written against and the current one: shown before anyone confirms the
    translation, and to the reviewer of the confirmation. None when the older
    text is no longer stored."""
    old, new = sources.get(old_digest), sources.get(new_digest)
    if old is None or new is None:
        return None
    code = source_language()
    return {
        "before": old,
        "after": new,
        "fields": [
            {
                "name": field,
                "ops": text_ops(
                    getattr(old, localized(field, code)) or "",
                    getattr(new, localized(field, code)) or "",
                ),
            }
            for field in ("title", "body")
        ],
    }


@write_transaction
def _confirm(*, version: Version, actor: Any, languages: list[str]) -> Version:
    # One transaction: a refused confirmation leaves no new, empty draft behind.
    draft = version if version.is_editable else version.variant.draft
    if draft is None:
        draft = services.version_create_draft(variant=version.variant, actor=actor)
    return services.version_confirm_translations(version=draft, actor=actor, languages=languages)


class OutdatedTranslationsMixin:
    """For the versions' ModelAdmin: the outdated-translations panel and its confirm view."""

    def get_urls(self) -> list:
        return [
            path(
                "<path:object_id>/confirm-translations/",
                self.admin_site.admin_view(self.confirm_translations_view),  # type: ignore[attr-defined]
                name="knowledge_version_confirm_translations",
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def outdated_context(self, request: HttpRequest, version: Version) -> dict[str, Any]:
        """What the change page shows: the outdated languages and, to those who may
        confirm them here, the buttons (or where the open draft is)."""
        codes = outdated_languages(version)
        if not codes:
            return {}
        draft = version.variant.draft
        elsewhere = None if version.is_editable or draft is None else draft
        may = request.user.has_perm(CONFIRM_PERMISSION) and (
            version.is_editable or request.user.has_perm(OPEN_DRAFT_PERMISSION)
        )
        if version.is_editable:
            now = current_source_digest(version)
        else:
            live = live_source_version(version.variant.entry_id)
            now = source_digest(live) if live is not None else ""
        sources = source_versions_by_digest(version.variant.entry_id)
        return {
            "outdated": {
                # Each language with what changed in the source since it was written.
                "languages": [
                    (
                        code,
                        language_name(code),
                        source_change(sources, getattr(version, localized("based_on", code)), now),
                    )
                    for code in codes
                ],
                "url": reverse("admin:knowledge_version_confirm_translations", args=[version.pk]),
                # With a draft open elsewhere the confirmation belongs there: a link.
                "can_confirm": may and elsewhere is None,
                "open_draft": elsewhere,
                "source_language": source_language(),
                "source_is_self": version.variant.channel.is_primary,
            }
        }

    def confirm_translations_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Confirm the posted languages as still correct, in the open draft (or a new
        one), then show that draft: it still has to be submitted for review."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(
            Version.objects.select_related("variant__channel", "variant__draft"),
            pk=ascii_int(object_id),
        )
        if not request.user.has_perm(CONFIRM_PERMISSION):
            raise PermissionDenied
        languages = [code for code in request.POST.getlist("languages") if code]
        try:
            draft = _confirm(version=version, actor=request.user, languages=languages)
        except WorkflowError as error:
            messages.error(request, f"Not confirmed: {error.detail}")
            return HttpResponseRedirect(
                reverse("admin:knowledge_version_change", args=[version.pk])
            )
        names = ", ".join(f"{language_name(code)} ({code})" for code in languages)
        messages.success(
            request,
            f"Confirmed still correct in draft version {draft.number}: {names}. "
            "Submit it for review: a reviewer of these languages checks the confirmation "
            "before it is published.",
        )
        return HttpResponseRedirect(reverse("admin:knowledge_version_change", args=[draft.pk]))
