from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "channels"
    verbose_name = "Channels"

    def ready(self) -> None:
        from channels import receivers  # noqa: F401  (connects the signal receivers)
        from channels.api import schema  # noqa: F401  (registers the OpenAPI extension)
        from channels.search import receivers as search_receivers  # noqa: F401
