"""Versions: the text editor with findings and previews, review, compare, workflow buttons."""

import hashlib
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince

from config.errors import (
    ActionForbidden,
    TextTooLong,
    UnknownPlaceholder,
    WorkflowError,
)
from config.limits import check_length
from config.numbers import ascii_int
from knowledge import services
from knowledge.admin.common import (
    MissingLanguageFilter,
    ParleyTranslationAdmin,
    status_badge,
)
from knowledge.admin.home import is_overdue, version_title
from knowledge.admin.outdated import OutdatedTranslationsMixin, source_change
from knowledge.admin.workflow import WorkflowButtonsMixin, parse_publish_at, workflow_buttons
from knowledge.diffs import changed_languages, version_diff
from knowledge.languages import (
    language_codes,
    language_name,
    localized,
    localized_all,
)
from knowledge.models import Version
from knowledge.selectors import (
    review_queue,
    reviewer_languages,
    source_versions_by_digest,
)
from knowledge.workflow import ROLLBACK_SOURCES, Action, VersionStatus
from templates_app.editor import previews, tone_report

# Buttons on a version's admin page: name -> (label, shown in statuses, permission,
# the service call). The services check everything again; this only hides
# buttons that could not work.
WORKFLOW_BUTTONS = {
    **workflow_buttons(
        services.ANSWERS,
        {
            "submit": lambda v, user, data: services.version_submit(version=v, actor=user),
            "approve": lambda v, user, data: services.version_approve(
                version=v, actor=user, comment=data.get("comment", "")
            ),
            "request_changes": lambda v, user, data: services.version_request_changes(
                version=v, actor=user, comment=data.get("comment", "")
            ),
            "publish": lambda v, user, data: services.version_publish(version=v, actor=user),
            "schedule": lambda v, user, data: services.version_publish(
                version=v, actor=user, publish_at=parse_publish_at(data.get("publish_at", ""))
            ),
            "unpublish": lambda v, user, data: services.version_unpublish(version=v, actor=user),
            "new_draft": lambda v, user, data: services.version_create_draft(
                variant=v.variant, actor=user
            ),
        },
    ),
    "rollback": {
        "label": "Roll back to this version",
        "statuses": ROLLBACK_SOURCES - {VersionStatus.PUBLISHED},
        "perm": "knowledge.add_version",
        "call": lambda v, user, data: services.version_rollback(version=v, actor=user),
    },
}


class ReviewQueueFilter(admin.SimpleListFilter):
    """Versions waiting for review that the current user may judge.

    Not their own, and only those whose changed languages they declared they review.
    """

    title = "review queue"
    parameter_name = "queue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("mine", "Waiting for my review")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() != "mine":
            return queryset
        return review_queue(request.user, queryset)


class VersionTextForm(forms.ModelForm):
    """Refuses unknown placeholders and snippets here, so the editor keeps their text,
    and a save over someone else's newer save (two tabs), saying what they changed."""

    # The version as this page loaded it (its save time and a fingerprint of each
    # language); a save from an older page is refused, naming what changed since.
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["loaded"].initial = _loaded_stamp(self.instance)

    def loaded_at(self) -> datetime | None:
        """When the version this page shows was saved (None without the field)."""
        loaded = self.data.get(self.add_prefix("loaded")) if self.is_bound else None
        try:
            return datetime.fromisoformat(loaded.split("|", 1)[0]) if loaded else None
        except ValueError:
            return None

    def _check_lost_update(self) -> None:
        loaded = self.data.get(self.add_prefix("loaded")) if self.is_bound else None
        if not loaded or not self.instance.pk:
            return
        current = Version.objects.filter(pk=self.instance.pk).first()
        if current is None or _loaded_stamp(current) == loaded:
            return
        then = dict(part.split(":", 1) for part in loaded.split("|")[1:] if ":" in part)
        now = dict(part.split(":", 1) for part in _loaded_stamp(current).split("|")[1:])
        theirs = [code for code in language_codes() if then.get(code) != now.get(code)]
        self.add_error(
            None,
            "Someone saved this version after you opened it"
            + (f" (they changed: {', '.join(theirs)})" if theirs else "")
            + ". Nothing was saved; your text is still below. Copy what you need, "
            "reload the page to see theirs, and apply your edit again.",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self._check_lost_update()
        columns = set(localized_all("title")) | set(localized_all("body"))
        texts = {c: cleaned.get(c) or "" for c in self.changed_data if c in columns}
        for column, text in texts.items():
            try:
                check_length(column.split("_", 1)[0], text, column=column)
            except TextTooLong as error:
                self.add_error(column, error.detail)
        try:
            services.check_references(texts)
        except UnknownPlaceholder as error:
            self.add_error(error.extra.get("field"), error.detail)  # type: ignore[arg-type]
        return cleaned


def _confirmed_changes(version: Version, against: Version | None) -> list[tuple]:
    """Languages whose text is unchanged but now written against a newer source (a
    confirmation), each with what changed in the source: what the reviewer judges."""
    if against is None:
        return []
    rows = []
    sources = None
    for code in version.changed_languages or []:
        same = all(
            getattr(version, localized(field, code)) == getattr(against, localized(field, code))
            for field in ("title", "body")
        )
        before = getattr(against, localized("based_on", code))
        after = getattr(version, localized("based_on", code))
        if same and before != after:
            if sources is None:
                sources = source_versions_by_digest(version.variant.entry_id)
            change = source_change(sources, before, after)
            rows.append((code, language_name(code), change))
    return rows


def _loaded_stamp(version: Version) -> str:
    """Save time, then per language a short fingerprint of its title and body."""
    parts = [version.updated_at.isoformat()]
    for code in language_codes():
        text = f"{getattr(version, localized('title', code)) or ''}\n"
        text += getattr(version, localized("body", code)) or ""
        parts.append(f"{code}:{hashlib.sha256(text.encode()).hexdigest()[:12]}")
    return "|".join(parts)


@admin.register(Version)
class VersionAdmin(OutdatedTranslationsMixin, WorkflowButtonsMixin, ParleyTranslationAdmin):
    list_display = [
        "title_shown",
        "entry_key",
        "channel",
        "number",
        "status_label",
        "changed",
        "author",
        "age",
        "escalated_at",
    ]
    list_filter = [
        ReviewQueueFilter,
        "status",
        "variant__channel",
        "variant__entry__topic",
        MissingLanguageFilter,
    ]
    list_select_related = ["variant__entry", "variant__channel", "author"]
    search_fields = ["variant__entry__key", *localized_all("title")]
    workflow_buttons = WORKFLOW_BUTTONS
    form = VersionTextForm

    class Media:
        js = ("parley/admin/tone_check.js",)

    fields = ["title", "body"]
    readonly_fields = [
        "variant",
        "number",
        "status_label",
        "author_name",
        "created_at",
        "submitted_at",
        "approved_at",
        "publish_at",
        "published_at",
    ]

    def get_fields(self, request: HttpRequest, obj: Version | None = None) -> list[str]:
        if obj is not None and not self._can_edit_text(request, obj):
            return [*self.readonly_fields, "texts"]
        fields = [*self.readonly_fields, *super().get_fields(request, obj)]
        return fields if "loaded" in fields else [*fields, "loaded"]

    def get_readonly_fields(self, request: HttpRequest, obj: Version | None = None) -> list[str]:
        if obj is not None and not self._can_edit_text(request, obj):
            return [*self.readonly_fields, "texts"]
        return list(self.readonly_fields)

    def _can_edit_text(self, request: HttpRequest, obj: Version) -> bool:
        return self.has_change_permission(request, obj)

    def get_urls(self) -> list:
        return [
            path(
                "review-languages/",
                self.admin_site.admin_view(self.review_languages_view),
                name="knowledge_version_review_languages",
            ),
            path(
                "<path:object_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="knowledge_version_compare",
            ),
            path(
                "<path:object_id>/acknowledge/",
                self.admin_site.admin_view(self.acknowledge_view),
                name="knowledge_version_acknowledge",
            ),
            path(
                "<path:object_id>/tone/",
                self.admin_site.admin_view(self.tone_view),
                name="knowledge_version_tone",
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Two versions of one variant side by side, language by language."""
        version = get_object_or_404(
            Version.objects.select_related("variant__entry", "variant__channel"),
            pk=ascii_int(object_id),
        )
        if not self.has_view_permission(request, version):
            raise PermissionDenied
        others = version.variant.versions.exclude(pk=version.pk).order_by("-number")
        against_id = ascii_int(request.GET.get("against"))
        if against_id is not None:
            against = others.filter(pk=against_id).first()
        else:
            against = version.variant.published_version
            against = None if against is not None and against.pk == version.pk else against
        diff = version_diff(version, against)
        rows = [
            {
                "code": code,
                "name": language_name(code),
                "changed": any(d["changed"] for d in fields.values()),
                "fields": [
                    {"name": name, **field, "ops": field["ops"]} for name, field in fields.items()
                ],
            }
            for code, fields in diff.items()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare {version}",
            "opts": self.model._meta,
            "original": version,
            "version": version,
            "against": against,
            "others": others,
            "rows": rows,
            "changed_languages": changed_languages(version, against),
            # The reviewer decides here, and the next version in their queue follows.
            "workflow_actions": [
                action
                for action in self.workflow_actions(request, version)
                if action["name"] in ("approve", "request_changes")
            ],
            "next_in_queue": True,
            # Every finding next to the text, with the author's reason where given.
            "findings": [
                finding for language in tone_report(version) for finding in language["findings"]
            ],
            "confirmed": _confirmed_changes(version, against),
            # A confirmation changes no text: the log says which languages were confirmed.
            "confirmations": version.transitions.filter(action=Action.CONFIRM).select_related(
                "actor"
            ),
            "queue_count": review_queue(request.user).count()
            if request.user.has_perm("knowledge.review_version")
            else 0,
        }
        return TemplateResponse(request, "admin/knowledge/version/compare.html", context)

    def review_languages_view(self, request: HttpRequest) -> HttpResponse:
        """Let a reviewer declare the languages they review (their queue follows)."""
        if not request.user.has_perm("knowledge.review_version"):
            raise PermissionDenied  # the service refuses them too; no form to show
        if request.method == "POST":
            try:
                services.reviewer_set_languages(
                    user=request.user,
                    languages=[
                        c for c in request.POST.getlist("languages") if c in language_codes()
                    ],
                )
            except ActionForbidden as error:
                raise PermissionDenied(error.detail) from error
            messages.success(request, "Your review languages are saved.")
            return HttpResponseRedirect(
                reverse("admin:knowledge_version_changelist") + "?queue=mine"
            )
        chosen = set(reviewer_languages(request.user))
        context = {
            **self.admin_site.each_context(request),
            "title": "Languages I review",
            "opts": self.model._meta,
            "languages": [(c, language_name(c), c in chosen) for c in language_codes()],
        }
        return TemplateResponse(request, "admin/knowledge/version/review_languages.html", context)

    def extra_change_context(self, request: HttpRequest, version: Version) -> dict[str, Any]:
        panels = self._editor_panels(version)
        can_edit = version.is_editable and self.has_change_permission(request, version)
        return {
            "transitions": version.transitions.select_related("actor"),
            "tone_url": reverse("admin:knowledge_version_tone", args=[version.pk]),
            **self.outdated_context(request, version),
            **panels,
            # Warnings the author may acknowledge (forms after the change form).
            "acknowledgeable": [
                finding
                for language in panels["tone_report"]
                for finding in language["findings"]
                if finding["severity"] == "warning" and not finding["acknowledged"]
            ]
            if can_edit
            else [],
        }

    def acknowledge_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The author says a warning is right as written (with a reason)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(Version, pk=ascii_int(object_id))
        data = request.POST
        try:
            services.version_acknowledge_finding(
                version=version,
                actor=request.user,
                language=data.get("language", ""),
                field=data.get("field", "body"),
                rule=data.get("rule", ""),
                excerpt=data.get("excerpt", ""),
                reason=data.get("reason", ""),
            )
        except WorkflowError as error:
            messages.error(request, f"Not acknowledged: {error.detail}")
        else:
            messages.success(
                request, "Acknowledged: the reviewer will see your reason next to the text."
            )
        return HttpResponseRedirect(
            reverse("admin:knowledge_version_change", args=[version.pk]) + "#parley-tone"
        )

    def _editor_panels(self, version: Version) -> dict[str, Any]:
        return {"tone_report": tone_report(version), "previews": previews(version)}

    def tone_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Tone findings and previews of the text in the form, before it is saved."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(
            Version.objects.select_related("variant__entry", "variant__channel"),
            pk=ascii_int(object_id),
        )
        if not self.has_view_permission(request, version):
            raise PermissionDenied
        # The form's text on an unsaved copy: nothing here is written.
        for field in ("title", "body"):
            for code in language_codes():
                column = localized(field, code)
                if column in request.POST:
                    setattr(version, column, request.POST[column].strip())
        return TemplateResponse(
            request, "admin/knowledge/version/editor_panels.html", self._editor_panels(version)
        )

    def has_open_draft(self, version: Version) -> bool:
        return version.variant.draft_id is not None

    def save_model(self, request: HttpRequest, obj: Version, form: Any, change: bool) -> None:
        # Text edits go through the service like every other write.
        texts: dict[str, dict[str, str]] = {"title": {}, "body": {}}
        for field in texts:
            for code in language_codes():
                column = localized(field, code)
                if column in form.changed_data:
                    texts[field][code] = form.cleaned_data[column]
        try:
            services.version_update(
                version=obj,
                actor=request.user,
                texts={field: values for field, values in texts.items() if values},
                # The form said what changed; the service holds the line under the lock.
                expected_updated_at=form.loaded_at(),
            )
        except WorkflowError as error:
            request.parley_not_saved = True  # type: ignore[attr-defined]
            messages.error(request, f"Not saved: {error.detail}")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Versions are opened from a variant through the workflow, not from scratch.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Version | None = None) -> bool:
        return False

    @admin.display(description="author")
    def author_name(self, version: Version) -> str:
        # Plain text: a link would lead most people to a page they may not open.
        return version.author.get_username() if version.author else "—"

    @admin.display(description="title")
    def title_shown(self, version: Version) -> str:
        return version_title(version)

    @admin.display(description="last change", ordering="updated_at")
    def age(self, version: Version) -> str:
        return f"{timesince(version.updated_at)} ago"

    def next_in_queue(self, request: HttpRequest, obj: Version) -> tuple[str, str] | None:
        """The reviewer's next version: overdue ones first, then the longest waiting."""
        now = timezone.now()
        waiting = list(
            review_queue(
                request.user, Version.objects.select_related("variant__entry", "variant__channel")
            ).exclude(pk=obj.pk)
        )
        if not waiting:
            return None
        upcoming = min(waiting, key=lambda v: (not is_overdue(v, now), v.submitted_at or now, v.pk))
        label = f"{upcoming.variant.entry.key} ({upcoming.variant.channel.slug}) v{upcoming.number}"
        url = reverse("admin:knowledge_version_compare", args=[upcoming.pk]) + "?queue=1"
        return label, url

    @admin.display(description="entry", ordering="variant__entry__key")
    def entry_key(self, version: Version) -> str:
        return version.variant.entry.key

    @admin.display(description="channel", ordering="variant__channel__slug")
    def channel(self, version: Version) -> str:
        return version.variant.channel.slug

    @admin.display(description="changed languages")
    def changed(self, version: Version) -> str:
        return ", ".join(version.changed_languages) or "—"

    @admin.display(description="status", ordering="status")
    def status_label(self, version: Version) -> str:
        return status_badge(version.status)

    @admin.display(description="texts")
    def texts(self, version: Version) -> str:
        return format_html(
            '<div class="parley-texts">{}</div>',
            format_html_join(
                "",
                '<h3 lang="{}" id="lang={}">{} ({})</h3><strong>{}</strong><pre lang="{}">{}</pre>',
                (
                    (
                        code,
                        code,
                        language_name(code),
                        code,
                        getattr(version, localized("title", code)) or "—",
                        code,
                        getattr(version, localized("body", code)) or "—",
                    )
                    for code in language_codes()
                ),
            ),
        )
