"""A small base to translate: one entry on the help page and in chat, English and Japanese."""

from pathlib import Path

import pytest
from lxml import etree

from tests.factories import VariantFactory
from tests.knowledge.test_outdated import publish_texts

SCHEMAS = Path(__file__).parent / "schemas"


@pytest.fixture
def base(people, help_page, chat):
    """`plain` (help page, en + ja) and `chatty` (chat, en only, with a placeholder)."""
    plain = VariantFactory(channel=help_page, entry__key="reset-password")
    publish_texts(
        plain,
        people,
        {
            "title": {"en": "Reset your password", "ja": "パスワードの再設定"},
            "body": {
                "en": "Open Settings and select Reset password.",
                "ja": "設定を開き、パスワードを再設定を選びます。",
            },
        },
    )
    chatty = VariantFactory(channel=chat, entry=plain.entry)
    publish_texts(
        chatty,
        people,
        {
            "title": {"en": "Reset your password"},
            "body": {
                "en": "Thanks for asking, {{customer_name}}. Open Settings and select "
                "Reset password. Write back if the e-mail does not arrive."
            },
        },
    )
    plain.refresh_from_db()
    chatty.refresh_from_db()
    return {"plain": plain, "chatty": chatty, "entry": plain.entry}


def xliff_schema(fmt: str) -> etree.XMLSchema:
    name = "xliff_core_2.1.xsd" if fmt == "xliff2" else "xliff-core-1.2-strict.xsd"
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))
