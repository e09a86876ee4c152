"""Nothing an editor writes reaches a customer unsafe: every delivery path sanitises.

The unsafe texts here are stored directly (as content written before lint knew
the rule would be), since lint now refuses them at submit.
"""

import pytest
from rest_framework.test import APIClient

from channels.models import AnswerChange
from channels.search import indexer
from knowledge import services
from templates_app.editor import previews
from templates_app.markup import sanitise, unsafe_parts
from tests.api import write
from tests.channels.conftest import publish_texts
from tests.factories import EntryFactory, VariantFactory

pytestmark = pytest.mark.django_db

EVIL_HTML = (
    '<p onclick="steal()">Hello <script>alert(1)</script>'
    '<a href="javascript:alert(2)">reset</a> <a href="https://shop.example/help">help</a>'
    '<img src="x" onerror="alert(3)"><iframe src="https://evil.example"></iframe></p>'
)
EVIL_MARKDOWN = (
    "Hello <script>alert(1)</script> **bold**\n\n"
    "[reset](javascript:alert(2)) [help](https://shop.example/help) "
    "![x](data:text/html,<b>) [y](JaVa&#115;cript:alert(4))"
)


def assert_safe_html(body: str) -> None:
    for needle in ("<script", "onclick", "onerror", "javascript:", "<iframe"):
        assert needle not in body.lower(), body
    assert '<a href="https://shop.example/help">help</a>' in body


def assert_safe_markdown(body: str) -> None:
    assert "<script>" not in body.replace("\\<script>", ""), body
    assert "javascript" not in body.lower() and "data:" not in body
    assert "[help](https://shop.example/help)" in body and "**bold**" in body
    assert unsafe_parts(body, "markdown") == []


@pytest.fixture
def evil(channels, token_for):
    entry = EntryFactory(key="evil", questions_en=["reset password"])
    publish_texts(entry, channels["help-page"], {"en": ("Reset password", EVIL_MARKDOWN)})
    publish_texts(entry, channels["email"], {"en": ("Reset <b>password</b>", EVIL_HTML)})
    AnswerChange.objects.create(entry=entry)  # as the publish would have written
    indexer.rebuild()
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {token_for(channels['email'])}")
    return {"entry": entry, "email": client, "help": APIClient()}


@pytest.mark.parametrize(("channel", "check"), [("email", "html"), ("help-page", "markdown")])
def test_every_delivery_path_sanitises_the_body(evil, channel, check):
    client = evil["email"] if channel == "email" else evil["help"]
    base = f"/api/v1/delivery/{channel}"
    bodies = [
        client.get(f"{base}/answers/", {"lang": "en"}).json()["results"][0]["body"],
        client.get(f"{base}/answers/evil/", {"lang": "en"}).json()["body"],
        client.get(f"{base}/changes/").json()["changes"][0]["answer"]["body"],
        client.get(f"{base}/search/", {"q": "reset password"}).json()["results"][0]["body"],
        client.post(f"{base}/answers/evil/render/", {"lang": "en"}, format="json").json()["body"],
    ]
    for body in bodies:
        (assert_safe_html if check == "html" else assert_safe_markdown)(body)
    assert len(set(bodies)) == 1


def test_titles_are_plain_text_and_left_to_the_channel_to_escape(evil):
    detail = evil["email"].get("/api/v1/delivery/email/answers/evil/").json()
    assert detail["title"] == "Reset <b>password</b>"


def test_a_placeholder_value_cannot_smuggle_markup(channels):
    entry = EntryFactory(key="greet")
    publish_texts(entry, channels["help-page"], {"en": ("Hi", "Hello {{customer_name}}.")})
    response = APIClient().post(
        "/api/v1/delivery/help-page/answers/greet/render/",
        {"lang": "en", "variables": {"customer_name": "<img src=x onerror=alert(1)>"}},
        format="json",
    )
    assert response.json()["body"] == "Hello &lt;img src=x onerror=alert(1)\\>."
    assert unsafe_parts(response.json()["body"], "markdown") == []


def test_safe_texts_are_delivered_as_written():
    markdown = "1. Open *Settings*\n2. Choose [Billing](https://shop.example/billing)\n\n2 < 3"
    assert sanitise(markdown, "markdown") == markdown
    # Markup shown as code is shown literally by every renderer: left as written.
    code = "Type `<script>` to see it:\n\n```\n<img/src=x/onerror=alert(1)>\n```"
    assert sanitise(code, "markdown") == code
    html = '<p>Open <a href="mailto:help@shop.example">mail</a><br>Thanks</p>'
    assert sanitise(html, "html") == html


def test_the_admin_preview_shows_the_sanitised_text(evil, channels):
    version = channels["email"].variants.get(entry=evil["entry"]).published_version
    (email,) = previews(version)
    assert email["channel"].slug == "email"
    assert_safe_html(email["languages"][0]["body"])


def test_submitting_unsafe_markup_is_refused_by_lint(channels, refund, staff):
    draft = services.version_create_draft(variant=refund["primary"].variant, actor=staff["editor"])
    client = APIClient()
    client.force_authenticate(staff["editor"])
    url = f"/api/v1/versions/{draft.pk}/"
    texts = {"body": {"en": "Refunds arrive in 5 days. [Check](javascript:alert(1))"}}
    assert write(client, "patch", url, texts).status_code == 200
    refused = write(client, "post", f"{url}submit/")
    assert refused.status_code == 400
    assert refused.json()["code"] == "lint_failed"
    (finding,) = [f for f in refused.json()["findings"] if f["rule"] == "unsafe-markup"]
    assert finding["severity"] == "error"
    body = texts["body"]["en"]
    assert body[finding["start"] : finding["end"]] == "javascript:alert(1)"


def test_the_preview_of_an_inherited_text_is_what_the_inheriting_channel_receives(
    channels, token_for
):
    """E-mail (html) inherits chat (text): it is served chat's text, as text, and
    told so; the preview shows that very text, not an HTML-cleaned one."""
    entry = EntryFactory(key="inherited")
    publish_texts(entry, channels["help-page"], {"en": ("Plain", "Plain text.")})
    chat = publish_texts(
        entry, channels["chat"], {"en": ("Chat", "Type <img src=x onerror=alert(1)> here.")}
    )
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {token_for(channels['email'])}")
    served = client.get("/api/v1/delivery/email/answers/inherited/?lang=en").json()
    assert (served["format"], served["variant_channel"]) == ("text", "chat")
    by_channel = {preview["channel"].slug: preview for preview in previews(chat)}
    assert by_channel["email"]["format"] == "text"
    assert by_channel["email"]["languages"][0]["body"] == served["body"]


def test_the_preview_lists_every_channel_delivery_serves_the_text_to(channels, staff):
    """Chat inherits nothing, yet its chain ends at the help page: without a chat
    variant it is served the help-page text, and so is e-mail through chat."""
    from templates_app.editor import serving_channels

    entry = EntryFactory(key="only-plain")
    plain = publish_texts(entry, channels["help-page"], {"en": ("Plain", "Plain text.")})
    assert [c.slug for c in serving_channels(plain)] == ["help-page", "chat", "email"]
    publish_texts(entry, channels["chat"], {"en": ("Chat", "Chat text.")})
    assert [c.slug for c in serving_channels(plain)] == ["help-page"]


def test_an_unpublished_draft_does_not_take_a_channel_out_of_the_preview(channels, staff):
    from knowledge import services
    from templates_app.editor import serving_channels

    entry = EntryFactory(key="draft-only")
    plain = publish_texts(entry, channels["help-page"], {"en": ("Plain", "Plain text.")})
    variant = VariantFactory(entry=entry, channel=channels["chat"])
    services.version_create_draft(variant=variant, actor=staff["editor"])
    # Chat has only a draft: delivery still serves it (and e-mail) the help-page text.
    assert [c.slug for c in serving_channels(plain)] == ["help-page", "chat", "email"]
