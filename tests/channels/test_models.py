import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.factories import ChannelFactory

pytestmark = pytest.mark.django_db


def test_only_one_channel_can_be_primary(help_page):
    with pytest.raises(IntegrityError):
        ChannelFactory(slug="faq", is_primary=True)


def test_primary_channel_must_be_plain():
    with pytest.raises(IntegrityError):
        ChannelFactory(slug="chatty", tone="empathetic", is_primary=True)


def test_primary_channel_cannot_inherit(chat):
    with pytest.raises(IntegrityError):
        ChannelFactory(slug="faq", is_primary=True, inherits_from=chat)


def test_inheritance_loop_is_refused(chat):
    email = ChannelFactory(slug="email", tone="empathetic", inherits_from=chat)
    chat.inherits_from = email
    with pytest.raises(ValidationError) as raised:
        chat.full_clean()
    assert "inherits_from" in raised.value.message_dict


def test_channel_cannot_inherit_from_itself(chat):
    chat.inherits_from = chat
    with pytest.raises(IntegrityError):
        chat.save()


@pytest.mark.parametrize(
    ("chain", "problem"),
    [(["sv"], "Not configured"), (["ja", "ja"], "twice"), ("ja,fi", "list")],
)
def test_fallback_languages_must_be_configured_codes(chat, chain, problem):
    chat.fallback_languages = chain
    with pytest.raises(ValidationError) as raised:
        chat.full_clean()
    assert problem in str(raised.value.message_dict["fallback_languages"])


def test_valid_fallback_chain_is_accepted(chat):
    chat.fallback_languages = ["ja", "en"]
    chat.full_clean()
