"""Shapes of delivery responses, for the OpenAPI schema and request validation."""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from config.api import StrictSerializer
from knowledge.api.fields import LimitedTextField
from knowledge.languages import language_codes


class FeedbackLinkSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="Path of the feedback endpoint for this answer.")
    token = serializers.CharField(
        help_text="Send it with the vote: it names the version and language shown, and "
        "lets the customer's side post without the channel's token."
    )


class AnswerSerializer(serializers.Serializer):
    key = serializers.CharField()
    topic = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    format = serializers.ChoiceField(choices=["markdown", "html", "text"])
    language = serializers.ChoiceField(
        choices=language_codes(), help_text="The language served (always a configured one)."
    )
    requested_language = serializers.CharField(help_text="The language asked for, normalised.")
    is_fallback = serializers.BooleanField()
    variant_channel = serializers.CharField(help_text="The channel whose variant was served.")
    version = serializers.IntegerField(help_text="Id of the published version served.")
    published_at = serializers.DateTimeField()
    outdated = serializers.BooleanField(
        help_text="Written against an older source text than the live one."
    )
    placeholders = serializers.ListField(
        child=serializers.CharField(),
        help_text="Placeholders this answer uses; filled with default text here, "
        "with the channel's values by `render/`.",
    )
    feedback = FeedbackLinkSerializer(
        help_text="Where to post the customer's vote on this very text, and its token."
    )


class AnswerPageSerializer(serializers.Serializer):
    results = AnswerSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)


class SearchResultSerializer(AnswerSerializer):
    score = serializers.FloatField(
        help_text="Relevance; higher is better, comparable within one search."
    )


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    requested_language = serializers.CharField()
    results = SearchResultSerializer(many=True)


class UpsertSerializer(serializers.Serializer):
    key = serializers.CharField()
    action = serializers.ChoiceField(choices=["upsert"], help_text="Store this answer.")
    answer = AnswerSerializer()


class RemoveSerializer(serializers.Serializer):
    key = serializers.CharField()
    action = serializers.ChoiceField(
        choices=["remove"], help_text="Drop the key: this channel serves no answer for it now."
    )


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="Change",
        serializers={"upsert": UpsertSerializer, "remove": RemoveSerializer},
        resource_type_field_name="action",
        many=True,
    )
)
class ChangeListField(serializers.ListField):
    """Changes, each an upsert (with its answer) or a removal (a key alone)."""


class ChangesSerializer(serializers.Serializer):
    changes = ChangeListField()
    next_cursor = serializers.CharField(
        help_text="Send it as `since` next time. It stays valid across restarts."
    )
    has_more = serializers.BooleanField(
        help_text="True: ask again now with `next_cursor`. False: you are up to date; poll "
        "later with `next_cursor`. A poll that found nothing keeps the cursor: send its ETag "
        "as `If-None-Match` with that cursor, and 304 answers until something changes."
    )


class FeedbackSerializer(StrictSerializer):
    lang = serializers.CharField(
        max_length=35, required=False, help_text="Needed without a `token`."
    )
    token = serializers.CharField(
        max_length=300,
        required=False,
        help_text="The answer's `feedback.token`: the vote is about that version and language.",
    )
    helpful = serializers.BooleanField(required=False, allow_null=True, default=None)
    effort = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=5)
    comment = LimitedTextField("feedback_comment", required=False, allow_blank=True)

    def validate(self, attrs: dict) -> dict:
        if (
            attrs.get("helpful") is None
            and attrs.get("effort") is None
            and not attrs.get("comment")
        ):
            raise serializers.ValidationError("Give at least one of helpful, effort or comment.")
        if not attrs.get("lang") and not attrs.get("token"):
            raise serializers.ValidationError("Give the answer's feedback `token` or `lang`.")
        return attrs


class FeedbackReceiptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    language = serializers.CharField(help_text="Language of the answer the feedback is about.")
    version = serializers.IntegerField()


@extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
class VariablesField(serializers.DictField):
    """Placeholder values by name. Values are checked by the view, so a number or a list
    is refused with `invalid_variable` rather than silently turned into text."""

    child = serializers.JSONField()


class RenderRequestSerializer(StrictSerializer):
    lang = serializers.CharField(max_length=35)
    variables = VariablesField(
        required=False,
        default=dict,
        help_text='Placeholder values by name, e.g. {"customer_name": "Frank"}.',
    )
