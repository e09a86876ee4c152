"""Snippet payloads for the editorial API; texts are ``{"en": "...", "ja": "..."}``."""

from rest_framework import serializers

from config.api import StrictSerializer
from knowledge.api.fields import TranslatedTextField
from knowledge.workflow import VersionStatus
from templates_app.models import (
    SNIPPET_KEY,
    Snippet,
    SnippetKind,
    SnippetTransition,
    SnippetVersion,
)


class SnippetTransitionSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)

    class Meta:
        model = SnippetTransition
        fields = ["action", "from_status", "to_status", "actor", "comment", "created_at"]


class SnippetVersionSerializer(serializers.ModelSerializer):
    snippet = serializers.CharField(source="snippet.key")
    status = serializers.ChoiceField(choices=VersionStatus.choices)
    text = TranslatedTextField("text")
    author = serializers.CharField(source="author.username", allow_null=True, default=None)
    contributors = serializers.SerializerMethodField()
    review_comment = serializers.CharField(
        read_only=True, help_text="What the reviewer asked to change, while changes are requested."
    )
    transitions = SnippetTransitionSerializer(many=True, read_only=True)

    class Meta:
        model = SnippetVersion
        fields = [
            "id",
            "snippet",
            "number",
            "status",
            "text",
            "author",
            "contributors",
            "review_comment",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
            "publish_at",
            "published_at",
            "transitions",
        ]
        read_only_fields = fields

    def get_contributors(self, version: SnippetVersion) -> list[str]:
        return [user.username for user in version.contributors.all()]


class SnippetSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=SnippetKind.choices)
    channels = serializers.SerializerMethodField(
        help_text="Channels that may use it; empty means every channel."
    )
    reference = serializers.SerializerMethodField(help_text="What to write in a body.")
    published_version = serializers.IntegerField(source="published_version_id", allow_null=True)
    draft = serializers.IntegerField(source="draft_id", allow_null=True)
    published_text = serializers.SerializerMethodField(
        help_text="The live text per language; empty while nothing is published."
    )

    class Meta:
        model = Snippet
        fields = [
            "key",
            "kind",
            "description",
            "channels",
            "reference",
            "published_version",
            "draft",
            "published_text",
            "created_at",
        ]
        read_only_fields = fields

    def get_channels(self, snippet: Snippet) -> list[str]:
        return sorted(channel.slug for channel in snippet.channels.all())

    def get_reference(self, snippet: Snippet) -> str:
        return f"{{{{snippet:{snippet.key}}}}}"

    def get_published_text(self, snippet: Snippet) -> dict[str, str]:
        live = snippet.published_version
        return TranslatedTextField("text").to_representation(live) if live else {}


class SnippetCreateSerializer(StrictSerializer):
    key = serializers.RegexField(
        SNIPPET_KEY.regex, max_length=60, error_messages={"invalid": SNIPPET_KEY.message}
    )
    kind = serializers.ChoiceField(choices=SnippetKind.choices)
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    channels = serializers.ListField(
        child=serializers.SlugField(max_length=50), required=False, default=list
    )
    text = TranslatedTextField("text", required=False)


class SnippetTextSerializer(StrictSerializer):
    """``{"text": {"ja": "..."}}``; languages left out stay as they are."""

    text = TranslatedTextField("text", required=False)
