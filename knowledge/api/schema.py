"""OpenAPI descriptions of our own authentication classes (loaded in AppConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


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
