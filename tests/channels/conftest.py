import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from channels.services import channel_token_create
from knowledge import services
from knowledge.workflow import VersionStatus
from tests.factories import (
    ChannelFactory,
    EntryFactory,
    UserFactory,
    VariantFactory,
    VersionFactory,
)


@pytest.fixture
def channels(db):
    """help-page (public, primary), chat (token, falls back to ja), email (inherits chat)."""
    help_page = ChannelFactory(
        slug="help-page", tone="plain", format="markdown", is_primary=True, public=True
    )
    chat = ChannelFactory(
        slug="chat", tone="empathetic", format="text", max_length=700, fallback_languages=["ja"]
    )
    email = ChannelFactory(slug="email", tone="empathetic", format="html", inherits_from=chat)
    return {"help-page": help_page, "chat": chat, "email": email}


def publish_texts(entry, channel, texts: dict[str, tuple[str, str]], **extra):
    """A published version of `entry` on `channel` with (title, body) per language."""
    fields = {}
    for code in ("en", "ja", "fi", "zh_hant"):
        title, body = texts.get(code.replace("_", "-"), ("", ""))
        fields[f"title_{code}"] = title
        fields[f"body_{code}"] = body
    variant = VariantFactory(entry=entry, channel=channel)
    return VersionFactory(
        variant=variant,
        number=1,
        status=VersionStatus.PUBLISHED,
        published_at=timezone.now(),
        **fields,
        **extra,
    )


@pytest.fixture
def refund(channels):
    """help-page text in en/ja/fi; chat text in en/ja only."""
    entry = EntryFactory(key="refund-time")
    help_text = {
        "en": ("Refund time", "Refunds arrive in 5 days."),
        "ja": ("返金期間", "返金は5日で届きます。"),
        "fi": ("Hyvitysaika", "Hyvitys saapuu 5 päivässä."),
    }
    primary = publish_texts(entry, channels["help-page"], help_text)
    from knowledge.digests import source_digest

    digest = source_digest(primary)
    chat = publish_texts(
        entry,
        channels["chat"],
        {
            "en": ("Your refund", "I understand waiting is hard. It arrives in 5 days."),
            "ja": ("返金について", "お待たせしてすみません。5日で届きます。"),
        },
        based_on_en=digest,
        based_on_ja="written-against-an-older-source",
    )
    return {"entry": entry, "primary": primary, "chat": chat}


@pytest.fixture
def token_for():
    def make(channel) -> str:
        return channel_token_create(channel=channel)[1]

    return make


@pytest.fixture
def chat_client(channels, token_for):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(channels['chat'])}")
    return client


@pytest.fixture
def staff(db):
    return {
        "editor": UserFactory(username="editor", groups=["Editors"]),
        "reviewer": UserFactory(username="reviewer", groups=["Reviewers"]),
        "publisher": UserFactory(username="publisher", groups=["Publishers"]),
    }


def release(variant, staff, texts: dict) -> object:
    """Take a new version of `variant` through the whole workflow to published."""
    draft = services.version_create_draft(variant=variant, actor=staff["editor"])
    services.version_update(version=draft, actor=staff["editor"], texts=texts)
    services.version_submit(version=draft, actor=staff["editor"])
    services.version_approve(version=draft, actor=staff["reviewer"])
    return services.version_publish(version=draft, actor=staff["publisher"])
