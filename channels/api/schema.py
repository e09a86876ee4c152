"""OpenAPI description of the channel token scheme (loaded in AppConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class ChannelTokenScheme(OpenApiAuthenticationExtension):
    target_class = "channels.authentication.ChannelTokenAuthentication"
    name = "channelToken"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Channel token from `manage.py create_channel_token <channel>`.",
        }
