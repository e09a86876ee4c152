"""OpenAPI descriptions of our own authentication and field classes (loaded in AppConfig.ready)."""

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema

from config.limits import text_limit
from knowledge.languages import language_codes


class UserTokenScheme(OpenApiAuthenticationExtension):
    target_class = "knowledge.authentication.UserTokenAuthentication"
    name = "userToken"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, from `manage.py create_user_token <username>`.",
        }


class TranslatedTextSchema(OpenApiSerializerFieldExtension):
    """`{language: text}`: the configured languages only, each text within its field's
    limit in requests (the services refuse longer ones with `text_too_long`)."""

    target_class = "knowledge.api.fields.TranslatedTextField"

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict:
        text: dict = {"type": "string"}
        if direction == "request":
            text["maxLength"] = text_limit(self.target.field)
        return {
            "type": "object",
            "properties": {code: dict(text) for code in language_codes()},
            "additionalProperties": False,
        }


class LimitedTextSchema(OpenApiSerializerFieldExtension):
    """A request text with its limit (`config.limits`) as `maxLength`."""

    target_class = "knowledge.api.fields.LimitedTextField"

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict:
        return {"type": "string", "maxLength": text_limit(self.target.limit_name)}
