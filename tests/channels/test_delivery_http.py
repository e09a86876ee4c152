import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from channels.models import Feedback
from channels.services import channel_token_revoke
from knowledge import services
from knowledge.models import Variant
from knowledge.workflow import VersionStatus
from tests.channels.conftest import publish_texts, release
from tests.factories import EntryFactory, VariantFactory, VersionFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/delivery/{}/answers/"


# --- tokens ----------------------------------------------------------------------


def test_public_channel_needs_no_token(refund):
    assert APIClient().get(LIST.format("help-page")).status_code == 200


def test_private_channel_without_token_is_401(refund):
    response = APIClient().get(LIST.format("chat"))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer nope", "Bearer", "Bearer a b"])
def test_unknown_token_is_401(refund, header):
    response = APIClient().get(LIST.format("chat"), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_revoked_token_is_401_like_an_unknown_one(
    refund, channels, django_capture_on_commit_callbacks
):
    from channels.services import channel_token_create

    token, raw = channel_token_create(channel=channels["chat"])
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(LIST.format("chat")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        channel_token_revoke(token=token)
    response = client.get(LIST.format("chat"))
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_token_of_another_channel_is_403(refund, chat_client):
    response = chat_client.get(LIST.format("email"))
    assert response.status_code == 403
    assert response.json()["code"] == "wrong_channel"


def test_unknown_channel_is_404(refund):
    assert APIClient().get(LIST.format("fax")).json()["code"] == "not_found"


# --- bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("lang=xx_INVALID", "invalid_language"),
        ("lang=" + "a" * 8 + "-b" * 14, "invalid_language"),  # well-formed but over 35
        ("lang=", "invalid_language"),
        ("lang=日本", "invalid_language"),
        ("page_size=0", "invalid_page_size"),
        ("page_size=101", "invalid_page_size"),
        ("page_size=ten", "invalid_page_size"),
        ("page_size=-1", "invalid_page_size"),
        ("cursor=!!!", "invalid_cursor"),
        ("cursor=bm9wZQ", "invalid_cursor"),  # base64 of "nope"
        ("colour=red", "unknown_parameter"),
    ],
)
def test_bad_list_input_is_400_with_its_code(refund, query, code):
    response = APIClient().get(f"{LIST.format('help-page')}?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"]


def test_well_formed_unknown_language_falls_back_with_200(refund):
    body = APIClient().get(f"{LIST.format('help-page')}?lang=xx-INVALID").json()
    assert body["results"][0]["requested_language"] == "xx-invalid"
    assert body["results"][0]["is_fallback"] is True


def test_bad_changes_cursor_is_400(refund):
    response = APIClient().get("/api/v1/delivery/help-page/changes/?since=Yzp4")  # "c:x"
    assert response.json()["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    "payload",
    [
        {"lang": "ja", "effort": 6},
        {"lang": "ja", "effort": 0},
        {"lang": "ja", "helpful": "maybe"},
        {"lang": "ja"},
        {"helpful": True},
        {"lang": "ja", "helpful": True, "rating": 5},
        {"lang": "ja!", "helpful": True},
        ["not", "an", "object"],
    ],
)
def test_bad_feedback_is_400_and_stores_nothing(refund, payload):
    response = APIClient().post(
        "/api/v1/delivery/help-page/answers/refund-time/feedback/", payload, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] in {"invalid", "invalid_language"}
    assert not Feedback.objects.exists()


def test_feedback_is_stored_against_the_answer_served(refund, chat_client):
    response = chat_client.post(
        "/api/v1/delivery/chat/answers/refund-time/feedback/",
        {"lang": "fi", "helpful": False, "effort": 4, "comment": "Liian pitkä"},
        format="json",
    )
    assert response.status_code == 201
    saved = Feedback.objects.get()
    assert (saved.channel.slug, saved.language, saved.version) == ("chat", "fi", refund["primary"])
    assert (saved.helpful, saved.effort, saved.comment) == (False, 4, "Liian pitkä")


def test_malformed_json_body_is_400(refund):
    response = APIClient().post(
        "/api/v1/delivery/help-page/answers/refund-time/feedback/",
        "{not json",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


# --- HTTP caching ----------------------------------------------------------------


def test_etag_and_304(refund):
    client = APIClient()
    url = "/api/v1/delivery/help-page/answers/refund-time/?lang=ja"
    first = client.get(url)
    assert first["Content-Language"] == "ja"
    assert first["Cache-Control"] == "public, max-age=60"
    assert "Accept-Language" in first["Vary"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url.replace("ja", "fi"), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_private_channel_responses_are_not_shared_by_caches(refund, chat_client):
    assert chat_client.get(LIST.format("chat"))["Cache-Control"].startswith("private")


def test_publish_invalidates_the_server_cache(
    refund, channels, staff, django_capture_on_commit_callbacks
):
    client = APIClient()
    url = "/api/v1/delivery/help-page/answers/refund-time/?lang=en"
    assert client.get(url).json()["body"] == "Refunds arrive in 5 days."
    variant = refund["primary"].variant
    with django_capture_on_commit_callbacks(execute=True):
        release(variant, staff, {"body": {"en": "Refunds arrive in 3 days."}})
    assert client.get(url).json()["body"] == "Refunds arrive in 3 days."


def test_cache_outage_degrades_to_the_database(refund, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    # Django's setting_changed handler rebuilds the cache connections.
    response = APIClient().get("/api/v1/delivery/help-page/answers/refund-time/")
    assert response.status_code == 200
    assert response.json()["key"] == "refund-time"


# --- query budget ------------------------------------------------------------------


def test_list_costs_three_queries_for_5_and_100_answers_and_none_when_cached(
    channels, chat_client, django_assert_num_queries
):
    def fill(count: int) -> None:
        for _ in range(count):
            entry = EntryFactory()
            publish_texts(entry, channels["help-page"], {"en": ("T", "B")})
            publish_texts(entry, channels["chat"], {"en": ("T", "B"), "ja": ("題", "本文")})

    url = LIST.format("chat") + "?lang=ja&page_size=100"
    chat_client.get(url)  # the token's last-used time is written once a minute
    counts = []
    for total in (5, 100):
        fill(total - (5 if total == 100 else 0))
        cache.clear()
        with django_assert_num_queries(3) as cold:
            assert len(chat_client.get(url).json()["results"]) == total
        counts.append(len(cold.captured_queries))
        with django_assert_num_queries(0):
            assert chat_client.get(url).status_code == 200
    assert counts == [3, 3]


# --- nothing unpublished leaks -------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [
        VersionStatus.DRAFT,
        VersionStatus.IN_REVIEW,
        VersionStatus.APPROVED,
        VersionStatus.SCHEDULED,
        VersionStatus.UNPUBLISHED,
    ],
)
def test_unpublished_versions_are_invisible_everywhere(channels, chat_client, status):
    entry = EntryFactory(key="secret")
    variant = VariantFactory(entry=entry, channel=channels["chat"])
    VersionFactory(variant=variant, number=1, status=status, title_en="Secret", body_en="Hidden")
    publish_texts(EntryFactory(key="public"), channels["help-page"], {"en": ("Open", "Text")})
    lists = chat_client.get(LIST.format("chat") + "?page_size=100").content.decode()
    assert "Hidden" not in lists and "secret" not in lists
    assert chat_client.get("/api/v1/delivery/chat/answers/secret/").status_code == 404
    changes = chat_client.get("/api/v1/delivery/chat/changes/").content.decode()
    assert "Hidden" not in changes
    feedback = chat_client.post(
        "/api/v1/delivery/chat/answers/secret/feedback/",
        {"lang": "en", "helpful": True},
        format="json",
    )
    assert feedback.status_code == 404


def test_pages_follow_the_cursor(channels):
    for key in ("a-one", "b-two", "c-three"):
        publish_texts(EntryFactory(key=key), channels["help-page"], {"en": ("T", "B")})
    client = APIClient()
    first = client.get(LIST.format("help-page") + "?page_size=2").json()
    assert [a["key"] for a in first["results"]] == ["a-one", "b-two"]
    second = client.get(LIST.format("help-page") + f"?page_size=2&cursor={first['next_cursor']}")
    assert [a["key"] for a in second.json()["results"]] == ["c-three"]
    assert second.json()["next_cursor"] is None


def test_pages_along_a_variant_chain_list_every_entry_once(channels, chat_client):
    # Entries with a chat and a help-page variant give two rows each to the page
    # query; entries with one of them give one. Every page size must still list
    # each entry exactly once, in key order.
    keys = [f"k{n:02d}" for n in range(7)]
    for n, key in enumerate(keys):
        entry = EntryFactory(key=key)
        if n % 3 != 1:
            publish_texts(entry, channels["help-page"], {"en": ("Plain", "Text")})
        if n % 3 != 2:
            publish_texts(entry, channels["chat"], {"en": ("Chat", "Text")})
    for page_size in (1, 2, 3, 7, 8):
        seen, cursor = [], None
        while True:
            query = f"?page_size={page_size}" + (f"&cursor={cursor}" if cursor else "")
            page = chat_client.get(LIST.format("chat") + query).json()
            assert len(page["results"]) <= page_size
            seen += [answer["key"] for answer in page["results"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == keys, page_size


# --- changes feed ----------------------------------------------------------------------


def test_changes_feed_reports_publish_and_unpublish(refund, channels, staff, chat_client):
    feed = "/api/v1/delivery/chat/changes/?lang=en"
    start = chat_client.get(feed).json()
    # From the beginning: the answer live now, and nothing more to fetch.
    assert [(c["key"], c["action"]) for c in start["changes"]] == [("refund-time", "upsert")]
    assert start["has_more"] is False
    chat_variant = refund["chat"].variant
    release(chat_variant, staff, {"body": {"en": "It arrives in 5 days, by post."}})
    after_publish = chat_client.get(f"{feed}&since={start['next_cursor']}").json()
    assert after_publish["changes"] == [
        {
            "key": "refund-time",
            "action": "upsert",
            "answer": after_publish["changes"][0]["answer"],
        }
    ]
    assert after_publish["changes"][0]["answer"]["body"] == "It arrives in 5 days, by post."
    chat_variant.refresh_from_db()
    services.version_unpublish(version=chat_variant.published_version, actor=staff["publisher"])
    services.version_unpublish(version=refund["primary"], actor=staff["publisher"])
    after_unpublish = chat_client.get(f"{feed}&since={after_publish['next_cursor']}").json()
    assert after_unpublish["changes"] == [{"key": "refund-time", "action": "remove"}]
    quiet = chat_client.get(f"{feed}&since={after_unpublish['next_cursor']}").json()
    assert quiet == {
        "changes": [],
        "next_cursor": after_unpublish["next_cursor"],
        "has_more": False,
    }


def test_a_new_mirror_starts_from_every_live_answer_in_pages(channels, staff, monkeypatch):
    """No `since`: every answer live now, page by page (`has_more`), then the changes
    made meanwhile; an unpublished answer is not in the walk."""
    from channels.api import views

    monkeypatch.setattr(views, "CHANGES_PAGE", 2)
    for key in ("a-one", "b-two", "c-three", "d-four", "e-five"):
        publish_texts(EntryFactory(key=key), channels["help-page"], {"en": ("T", key)})
    hidden = EntryFactory(key="c-hidden")
    VersionFactory(
        variant=VariantFactory(entry=hidden, channel=channels["help-page"]),
        number=1,
        status=VersionStatus.APPROVED,
        title_en="Hidden",
        body_en="Not live",
    )
    client, feed = APIClient(), "/api/v1/delivery/help-page/changes/?lang=en"
    first = client.get(feed).json()
    assert [c["key"] for c in first["changes"]] == ["a-one", "b-two"]
    assert first["has_more"] is True
    # A change made while the mirror walks: the walk ends, then the change follows.
    release(Variant.objects.get(entry__key="a-one"), staff, {"body": {"en": "New text."}})
    seen, page = [c["key"] for c in first["changes"]], first
    while page["has_more"]:
        page = client.get(f"{feed}&since={page['next_cursor']}").json()
        seen += [c["key"] for c in page["changes"]]
        if page["changes"] and page["changes"][0]["key"] == "a-one":
            assert page["changes"][0]["answer"]["body"] == "New text."
    assert seen == ["a-one", "b-two", "c-three", "d-four", "e-five", "a-one"]
    assert all(c["action"] == "upsert" for c in first["changes"])
    done = client.get(f"{feed}&since={page['next_cursor']}").json()
    assert done["changes"] == [] and done["has_more"] is False


def test_polling_an_unchanged_feed_answers_304(refund, chat_client):
    feed = "/api/v1/delivery/chat/changes/?lang=en"
    start = chat_client.get(feed)
    cursor = start.json()["next_cursor"]
    first = chat_client.get(f"{feed}&since={cursor}")
    again = chat_client.get(f"{feed}&since={cursor}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("cursor", ["czp4OmtleQ", "czo5", "ZDox", "YzoxOmtleQ", "czowOmEAYg"])
def test_a_cursor_of_another_shape_is_refused(channels, cursor):
    # "s:x:key" (not a number), "s:9" (no key part), "d:1" (no such kind), "c:1:key",
    # "s:0:a<NUL>b" (PostgreSQL cannot compare a key with NUL in it).
    response = APIClient().get(f"/api/v1/delivery/help-page/changes/?since={cursor}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_a_list_cursor_holding_a_control_character_is_refused(channels):
    response = APIClient().get(LIST.format("help-page") + "?cursor=azphAGI")  # "k:a<NUL>b"
    assert (response.status_code, response.json()["code"]) == (400, "invalid_cursor")


def test_changes_feed_lists_only_what_the_channel_could_serve(
    refund, channels, staff, chat_client, token_for
):
    """An e-mail-only answer never reaches chat (chat does not inherit e-mail): its
    publish and unpublish are no business of chat's feed, not even as a key."""
    email = APIClient(HTTP_AUTHORIZATION=f"Bearer {token_for(channels['email'])}")
    help_page = APIClient()
    since = {
        client: client.get(f"/api/v1/delivery/{slug}/changes/?lang=en").json()["next_cursor"]
        for client, slug in ((chat_client, "chat"), (email, "email"), (help_page, "help-page"))
    }
    entry = EntryFactory(key="invoice-copy-by-mail")
    variant = VariantFactory(entry=entry, channel=channels["email"])
    draft = services.version_create_draft(variant=variant, actor=staff["editor"])
    services.version_update(
        version=draft,
        actor=staff["editor"],
        texts={"title": {"en": "Invoice copy"}, "body": {"en": "<p>Attached.</p>"}},
    )
    services.version_submit(version=draft, actor=staff["editor"])
    services.version_approve(version=draft, actor=staff["reviewer"])
    services.version_publish(version=draft, actor=staff["publisher"])
    services.version_unpublish(version=draft, actor=staff["publisher"])
    release(refund["primary"].variant, staff, {"body": {"en": "Refunds arrive within 5 days."}})

    feed = "/api/v1/delivery/{}/changes/?lang=en&since={}"
    chat_feed = chat_client.get(feed.format("chat", since[chat_client])).json()
    assert [c["key"] for c in chat_feed["changes"]] == ["refund-time"]
    email_feed = email.get(feed.format("email", since[email])).json()
    assert [(c["key"], c["action"]) for c in email_feed["changes"]] == [
        ("invoice-copy-by-mail", "remove"),
        ("refund-time", "upsert"),
    ]
    # The help page (plain, primary) never served the e-mail text either.
    help_feed = help_page.get(feed.format("help-page", since[help_page])).json()
    assert [c["key"] for c in help_feed["changes"]] == ["refund-time"]
