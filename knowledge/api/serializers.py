"""Editorial API payloads. Serializers validate shape; the services decide and write."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api import StrictSerializer
from knowledge.api.fields import LimitedTextField, TranslatedLinesField, TranslatedTextField
from knowledge.languages import language_codes
from knowledge.models import Entry, Transition, Version
from knowledge.selectors import text_state
from knowledge.workflow import VersionStatus


class VariantSummarySerializer(serializers.Serializer):
    channel = serializers.CharField(source="channel.slug")
    published_version = serializers.IntegerField(source="published_version_id", allow_null=True)
    draft = serializers.IntegerField(source="draft_id", allow_null=True)


class EntrySerializer(serializers.ModelSerializer):
    topic = serializers.CharField(source="topic.slug")
    tags = serializers.SerializerMethodField()
    questions = TranslatedLinesField("questions")
    owner = serializers.CharField(source="owner.username", allow_null=True, default=None)
    variants = VariantSummarySerializer(many=True)

    class Meta:
        model = Entry
        fields = [
            "key",
            "topic",
            "tags",
            "questions",
            "owner",
            "review_by",
            "variants",
            "created_at",
            "updated_at",
        ]

    def get_tags(self, entry: Entry) -> list[str]:
        return [tag.slug for tag in entry.tags.all()]


class EntryWriteSerializer(StrictSerializer):
    key = serializers.SlugField(max_length=100)
    topic = serializers.SlugField(max_length=50)
    tags = serializers.ListField(child=serializers.SlugField(max_length=50), required=False)
    questions = TranslatedLinesField("questions", required=False)
    review_by = serializers.DateField(required=False, allow_null=True)


class EntryUpdateSerializer(EntryWriteSerializer):
    key = None  # the key is the entry's stable identity
    topic = serializers.SlugField(max_length=50, required=False)


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)

    class Meta:
        model = Transition
        fields = ["action", "from_status", "to_status", "actor", "comment", "created_at"]


class VersionSerializer(serializers.ModelSerializer):
    entry = serializers.CharField(source="variant.entry.key")
    channel = serializers.CharField(source="variant.channel.slug")
    status = serializers.ChoiceField(choices=VersionStatus.choices)
    title = TranslatedTextField("title")
    body = TranslatedTextField("body")
    author = serializers.CharField(source="author.username", allow_null=True, default=None)
    contributors = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField(
        help_text="Per language: `missing` (no title or body) or `present`."
    )
    changed_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=language_codes()),
        read_only=True,
        help_text="Languages whose text differs from the live version; set on submit.",
    )

    class Meta:
        model = Version
        fields = [
            "id",
            "entry",
            "channel",
            "number",
            "status",
            "title",
            "body",
            "languages",
            "changed_languages",
            "author",
            "contributors",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
            "publish_at",
            "published_at",
            "escalated_at",
        ]
        read_only_fields = fields

    def get_contributors(self, version: Version) -> list[str]:
        return [user.username for user in version.contributors.all()]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                code: {"type": "string", "enum": ["missing", "present"]}
                for code in language_codes()
            },
            "required": language_codes(),
            "additionalProperties": False,
        }
    )
    def get_languages(self, version: Version) -> dict[str, str]:
        return {
            code: "missing"
            if text_state(version=version, language=code, source="") == "missing"
            else "present"
            for code in language_codes()
        }


class VersionDetailSerializer(VersionSerializer):
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "transitions"]
        read_only_fields = fields


class VersionTextsSerializer(StrictSerializer):
    """``{"title": {"ja": "..."}, "body": {...}}``; languages left out stay as they are."""

    title = TranslatedTextField("title", required=False)
    body = TranslatedTextField("body", required=False)


class CommentSerializer(StrictSerializer):
    comment = LimitedTextField("comment", required=False, allow_blank=True, default="")


class RequestChangesSerializer(CommentSerializer):
    comment = LimitedTextField(
        "comment",
        required=False,
        allow_blank=True,
        default="",
        help_text="Required: what should change (400 `comment_required` when empty).",
    )


class PublishSerializer(CommentSerializer):
    publish_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A future time schedules the version; empty or past publishes now.",
    )


class DiffOpSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "insert", "delete", "replace"])
    before = serializers.CharField()
    after = serializers.CharField()


class FieldDiffSerializer(serializers.Serializer):
    changed = serializers.BooleanField()
    before = serializers.CharField()
    after = serializers.CharField()
    ops = DiffOpSerializer(many=True)


class LanguageDiffSerializer(serializers.Serializer):
    title = FieldDiffSerializer()
    body = FieldDiffSerializer()


class VersionDiffSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    against = serializers.IntegerField(allow_null=True)
    changed_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=language_codes())
    )
    languages = serializers.DictField(child=LanguageDiffSerializer())


class ReviewLanguagesSerializer(StrictSerializer):
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=[(c, c) for c in language_codes()]),
        help_text="Languages you review; empty means every language.",
    )


class AcknowledgementSerializer(serializers.Serializer):
    reason = serializers.CharField()
    by = serializers.CharField(help_text="Username of who acknowledged it.")
    at = serializers.DateTimeField()


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="e.g. passive-voice, length, fact-mismatch.")
    severity = serializers.ChoiceField(choices=["error", "warning"])
    message = serializers.CharField()
    language = serializers.CharField()
    start = serializers.IntegerField(help_text="Offset of the first character in `field`.")
    end = serializers.IntegerField(help_text="Offset after the last character.")
    field = serializers.ChoiceField(choices=["title", "body"])
    excerpt = serializers.CharField(required=False, help_text="The words the finding marks.")
    acknowledged = AcknowledgementSerializer(
        required=False,
        allow_null=True,
        help_text="The author's reason why the text is right as written; null when not "
        "acknowledged. Only warnings can be acknowledged.",
    )


class LintReportSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    errors = serializers.IntegerField(
        help_text="Findings that block submit (deterministic: length, unknown placeholder or "
        "snippet, unsafe markup). Warnings never block."
    )
    findings = FindingSerializer(many=True)
