"""Editor admin for the knowledge base.

Translated fields are shown one language at a time (tabs), every model keeps a
history page with per-field diffs, and status is never edited here directly.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from channels.models import Channel
from channels.search.service import entry_rank
from config.errors import (
    ActionForbidden,
    TextTooLong,
    UnknownPlaceholder,
    WorkflowError,
)
from config.limits import check_length
from config.numbers import ascii_int
from knowledge import services
from knowledge.admin_workflow import WorkflowButtonsMixin, parse_publish_at, workflow_buttons
from knowledge.diffs import changed_languages, version_diff
from knowledge.languages import (
    language_codes,
    language_name,
    localized,
    localized_all,
    source_language,
)
from knowledge.models import Entry, ReviewerProfile, Tag, Topic, UserToken, Variant, Version
from knowledge.selectors import (
    MISSING,
    OUTDATED,
    entries_with_overview,
    entry_missing_languages,
    outdated_matrix,
    review_queue,
    reviewer_languages,
    variant_incomplete_q,
    version_missing_language_q,
    version_missing_languages,
)
from knowledge.workflow import ROLLBACK_SOURCES, VersionStatus
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


class ParleyTranslationAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """History page with diffs, plus language tabs for translated fields."""

    class Media:
        js = ("parley/admin/language_tabs.js",)
        css = {"all": ("parley/admin/parley.css",)}


def status_badge(status: str) -> str:
    label = VersionStatus(status).label if status in VersionStatus.values else status
    return format_html('<span class="parley-status parley-status--{}">{}</span>', status, label)


def languages_badge(missing: list[str]) -> str:
    return format_html(
        '<span class="parley-languages">{}</span>',
        format_html_join(
            "",
            '<span class="{}" title="{}">{}</span>',
            (
                ("missing" if code in missing else "", language_name(code), code)
                for code in language_codes()
            ),
        ),
    )


class MissingLanguageFilter(admin.SimpleListFilter):
    """Entries (or versions) lacking title or body in a chosen language."""

    title = "missing language"
    parameter_name = "missing_language"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [(code, language_name(code)) for code in language_codes()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        code = self.value()
        if code not in language_codes():
            return queryset
        if queryset.model is Version:
            return queryset.filter(version_missing_language_q(language=code))
        incomplete = Variant.objects.filter(variant_incomplete_q(language=code))
        return queryset.filter(pk__in=incomplete.values("entry_id"))


class VersionStatusFilter(admin.SimpleListFilter):
    """Entries with a version in the chosen status."""

    title = "version status"
    parameter_name = "version_status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return VersionStatus.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() not in VersionStatus.values:
            return queryset
        versions = Version.objects.filter(status=self.value())
        return queryset.filter(pk__in=versions.values("variant__entry_id"))


@admin.register(Topic)
class TopicAdmin(ParleyTranslationAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", *localized_all("name")]


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    list_display = ["slug"]
    search_fields = ["slug"]


class VariantLinksMixin:
    """Columns linking a variant's live version and open draft."""

    @admin.display(description="published")
    def published(self, variant: Variant) -> str:
        return _version_link(variant.published_version)

    @admin.display(description="open draft")
    def open_draft(self, variant: Variant) -> str:
        return _version_link(variant.draft)


class VariantInline(VariantLinksMixin, admin.TabularInline):
    model = Variant
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["channel", "published", "open_draft", "languages"]
    readonly_fields = ["channel", "published", "open_draft", "languages"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Variant]:
        return super().get_queryset(request).select_related("channel", "published_version", "draft")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="languages (current text)")
    def languages(self, variant: Variant) -> str:
        version = variant.draft or variant.published_version
        return languages_badge(version_missing_languages(version))


def _version_link(version: Version | None) -> str:
    if version is None:
        return "—"
    url = reverse("admin:knowledge_version_change", args=[version.pk])
    return format_html('<a href="{}">v{}</a> {}', url, version.number, status_badge(version.status))


@admin.register(Entry)
class EntryAdmin(ParleyTranslationAdmin):
    list_display = ["key", "title", "topic", "owner", "review_by", "languages", "updated_at"]
    list_filter = [
        "topic",
        ("variants__channel", admin.RelatedOnlyFieldListFilter),
        VersionStatusFilter,
        MissingLanguageFilter,
    ]
    search_fields = [
        "key",
        *[f"variants__versions__{column}" for column in localized_all("title")],
        *localized_all("questions"),
    ]
    autocomplete_fields = ["topic", "tags"]
    fields = ["key", "topic", "tags", "owner", "review_by", "questions"]
    inlines = [VariantInline]

    def save_model(self, request: HttpRequest, obj: Entry, form: Any, change: bool) -> None:
        """Through `entry_create` / `entry_update`, like the API: one door, one normalisation."""
        data = form.cleaned_data
        questions = {
            code: data.get(localized("questions", code)) or ""
            for code in language_codes()
            if localized("questions", code) in form.changed_data
        }
        fields: dict[str, Any] = {
            "tags": [tag.slug for tag in data.get("tags", [])],
            "questions": questions,
            "owner": data.get("owner"),
            "review_by": data.get("review_by"),
        }
        if change:
            saved = services.entry_update(
                entry=obj, actor=request.user, topic=data["topic"].slug, **fields
            )
        else:
            fields["owner"] = fields["owner"] or request.user  # who writes it owns it
            saved = services.entry_create(
                key=data["key"], topic=data["topic"].slug, actor=request.user, **fields
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Tags were set by the service; the variants' inline has nothing to save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Entry]:
        return entries_with_overview(super().get_queryset(request))

    def get_urls(self) -> list:
        return [
            path(
                "<path:object_id>/search/",
                self.admin_site.admin_view(self.search_view),
                name="knowledge_entry_search",
            ),
            path(
                "language-matrix/",
                self.admin_site.admin_view(self.language_matrix_view),
                name="knowledge_entry_language_matrix",
            ),
            *super().get_urls(),
        ]

    def search_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Which questions find this entry: its stored ones, and one the editor tries."""
        entry = get_object_or_404(Entry, pk=ascii_int(object_id))
        if not self.has_view_permission(request, entry):
            raise PermissionDenied

        def check(question: str, code: str) -> dict[str, Any]:
            rank, hits = entry_rank(entry.pk, question, code)
            return {"question": question, "language": code, "rank": rank, "top": hits[:3]}

        stored = [
            check(question, code)
            for code in language_codes()
            for question in (getattr(entry, localized("questions", code)) or "").splitlines()
            if question.strip()
        ]
        tried = None
        question = request.GET.get("q", "").strip()[:500]
        language = request.GET.get("lang", "")
        if question and language in language_codes():
            tried = check(question, language)
        # The keys of the entries shown, in one query.
        rows = [*stored, *([tried] if tried else [])]
        shown = {hit.entry_id for row in rows for hit in row["top"]}
        keys = dict(Entry.objects.filter(pk__in=shown).values_list("pk", "key"))
        for row in rows:
            row["top"] = [{"key": keys.get(h.entry_id, "?"), "score": h.score} for h in row["top"]]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Search check: {entry.key}",
            "opts": self.model._meta,
            "original": entry,
            "stored": stored,
            "tried": tried,
            "question": question,
            "language": language or source_language(),
            "languages": [(c, language_name(c)) for c in language_codes()],
        }
        return TemplateResponse(request, "admin/knowledge/entry/search.html", context)

    def language_matrix_view(self, request: HttpRequest) -> HttpResponse:
        """Entry × channel × language: up to date, outdated or missing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        chosen = {name: request.GET.get(name, "") for name in ("topic", "channel", "state")}
        entries = Entry.objects.order_by("key")
        if chosen["topic"]:
            entries = entries.filter(topic__slug=chosen["topic"])
        channels = list(Channel.objects.order_by("-is_primary", "slug"))
        shown = [c for c in channels if not chosen["channel"] or c.slug == chosen["channel"]]
        codes = language_codes()
        rows = []
        for row in outdated_matrix(entries):
            line = [
                # A channel without its own variant is served along its inheritance chain.
                row["cells"][channel.slug][code]
                if channel.slug in row["cells"]
                else (MISSING if channel.is_primary else "inherited")
                for channel in shown
                for code in codes
            ]
            if chosen["state"] and chosen["state"] not in line:
                continue
            rows.append({"entry": row["entry"], "line": line})
        context = {
            **self.admin_site.each_context(request),
            "title": "Language matrix",
            "opts": self.model._meta,
            "media": self.media,
            "rows": rows,
            "languages": codes,
            "shown_channels": shown,
            "channels": channels,
            "topics": Topic.objects.all(),
            "states": [(OUTDATED, "outdated"), (MISSING, "missing")],
            "chosen": chosen,
        }
        return TemplateResponse(request, "admin/knowledge/entry/language_matrix.html", context)

    @admin.display(description="title", ordering="overview_title")
    def title(self, entry: Entry) -> str:
        return getattr(entry, "overview_title", None) or "—"

    @admin.display(description="languages")
    def languages(self, entry: Entry) -> str:
        return languages_badge(entry_missing_languages(entry))


@admin.register(Variant)
class VariantAdmin(VariantLinksMixin, SimpleHistoryAdmin):
    list_display = ["entry", "channel", "published", "open_draft"]
    list_filter = ["channel", "entry__topic"]
    list_select_related = ["entry", "channel", "published_version", "draft"]
    search_fields = ["entry__key"]
    fields = ["entry", "channel", "published_version", "draft"]
    readonly_fields = ["published_version", "draft"]

    def get_readonly_fields(self, request: HttpRequest, obj: Variant | None = None) -> list[str]:
        # Which entry and channel a variant belongs to never changes once created.
        if obj is not None:
            return ["entry", "channel", "published_version", "draft"]
        return list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: Variant, form: Any, change: bool) -> None:
        """A variant added here opens with its first draft, through the service."""
        if change:
            return
        draft = services.variant_open_draft(
            entry=obj.entry, channel=obj.channel, actor=request.user
        )
        obj.pk = draft.variant_id
        obj.refresh_from_db()

    def response_add(self, request: HttpRequest, obj: Variant, post_url_continue: Any = None):  # noqa: ANN201
        """Straight to the new draft: that is where the text is written."""
        return HttpResponseRedirect(reverse("admin:knowledge_version_change", args=[obj.draft_id]))


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
    """Refuses unknown placeholders and snippets here, so the editor keeps their text."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
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


@admin.register(Version)
class VersionAdmin(WorkflowButtonsMixin, ParleyTranslationAdmin):
    list_display = [
        "__str__",
        "entry_key",
        "channel",
        "number",
        "status_label",
        "author",
        "submitted_at",
        "changed",
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
        "author",
        "created_at",
        "submitted_at",
        "approved_at",
        "publish_at",
        "published_at",
    ]

    def get_fields(self, request: HttpRequest, obj: Version | None = None) -> list[str]:
        if obj is not None and not self._can_edit_text(request, obj):
            return [*self.readonly_fields, "texts"]
        return [*self.readonly_fields, *super().get_fields(request, obj)]

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
        return {
            "transitions": version.transitions.select_related("actor"),
            "tone_url": reverse("admin:knowledge_version_tone", args=[version.pk]),
            **self._editor_panels(version),
        }

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
            )
        except WorkflowError as error:
            messages.error(request, f"Not saved: {error.detail}")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Versions are opened from a variant through the workflow, not from scratch.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Version | None = None) -> bool:
        return False

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
                '<h3 lang="{}">{} ({})</h3><strong>{}</strong><pre lang="{}">{}</pre>',
                (
                    (
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


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "review_languages"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]

    def save_model(
        self, request: HttpRequest, obj: ReviewerProfile, form: Any, change: bool
    ) -> None:
        """Through `reviewer_set_languages`: the same rules as the reviewer's own page."""
        try:
            services.reviewer_set_languages(user=obj.user, languages=obj.languages or [])
        except WorkflowError as error:
            messages.error(request, f"Not saved: {error.detail}")

    @admin.display(description="languages")
    def review_languages(self, profile: ReviewerProfile) -> str:
        return ", ".join(profile.languages) or "all"


@admin.register(UserToken)
class UserTokenAdmin(admin.ModelAdmin):
    """Personal API tokens. The raw token is shown once, right after it is created."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "name", "prefix"]
    autocomplete_fields = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: UserToken | None = None) -> list[str]:
        if obj is None:
            return ["user", "name"]
        return ["user", "name", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: UserToken | None = None) -> list:
        return [*self.readonly_fields, "user"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: UserToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        raw = services.user_token_issue(obj)
        messages.warning(request, f"Copy this token now, it is not shown again: {raw}")

    def has_delete_permission(self, request: HttpRequest, obj: UserToken | None = None) -> bool:
        # Revoked tokens stay listed, so the audit trail keeps who could call the API.
        return False

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[UserToken]) -> None:
        for token in queryset:
            services.user_token_revoke(token=token)
        messages.success(request, f"Revoked {queryset.count()} token(s).")
