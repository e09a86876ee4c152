from templates_app import services
from tests.channels.conftest import channels, chat_client, refund, staff, token_for  # noqa: F401


def publish_snippet(people, key: str, texts: dict[str, str], **create):
    """A snippet taken through the whole workflow to published; returns its live version."""
    draft = services.snippet_create(
        key=key, kind=create.pop("kind", "opener"), actor=people["editor"], texts=texts, **create
    )
    services.snippet_version_submit(version=draft, actor=people["editor"])
    services.snippet_version_approve(version=draft, actor=people["reviewer"])
    return services.snippet_version_publish(version=draft, actor=people["publisher"])
