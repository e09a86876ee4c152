"""Reviewers' languages and personal API tokens."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from config.errors import (
    WorkflowError,
)
from knowledge import services
from knowledge.models import ReviewerProfile, UserToken
from knowledge.services.people import check_reviewer_languages


class ReviewerProfileForm(forms.ModelForm):
    """The service's rules on the form, so a refusal keeps the form and says why."""

    class Meta:
        model = ReviewerProfile
        fields = ["user", "languages"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user, languages = cleaned.get("user"), cleaned.get("languages")
        if user is not None:
            try:
                check_reviewer_languages(user=user, languages=languages)
            except WorkflowError as error:
                self.add_error(error.extra.get("field", "user"), error.detail)
        return cleaned


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "review_languages"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]

    form = ReviewerProfileForm

    def save_model(
        self, request: HttpRequest, obj: ReviewerProfile, form: Any, change: bool
    ) -> None:
        """Through `reviewer_set_languages` (the form already ran its checks)."""
        services.reviewer_set_languages(user=obj.user, languages=obj.languages or [])

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
