"""Delivery API: what channels read. Strict input, cached output, published text only."""

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache as default_cache
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle
from rest_framework.views import APIView

from channels import cache, feedback_tokens, stored, usage
from channels.api import serializers as s
from channels.api.cached import all_channel_views, live_snippets
from channels.api.responses import (
    bounded,
    cursor_parts,
    decode_cursor,
    encode_cursor,
    etags,
    json_bytes,
    pack,
)
from channels.authentication import ChannelCredentials, ChannelTokenAuthentication
from channels.languages import (
    MalformedLanguage,
    language_chain,
    normalize_language,
    requested_language,
)
from channels.models import AnswerChange
from channels.resolution import (
    ChannelView,
    LiveEntry,
    live_entries,
    resolve_answer,
)
from channels.search import service as search
from channels.services import feedback_client_key, feedback_record
from config.api import ApiError, validated
from config.clients import client_ip
from config.numbers import ascii_int
from config.schema import raises, request_header, response_header
from knowledge.languages import language_codes as configured_languages
from knowledge.models import Entry, Version
from templates_app.placeholders import max_length, placeholder_names
from templates_app.rendering import render_answer
from templates_app.selectors import snippet_texts

MAX_AGE = 60
# The parameters of requests the store can answer (see `channels.stored`).
STORED_LIST_PARAMS = frozenset({"lang", "cursor", "page_size"})
STORED_DETAIL_PARAMS = frozenset({"lang"})


class ChannelAccess(BasePermission):
    """A public channel is open; any other needs a token, and only its own token."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        channel: ChannelView = view.channel_view
        credentials = request.auth
        if isinstance(credentials, ChannelCredentials):
            if credentials.channel_id != channel.id:
                raise ApiError(
                    "wrong_channel", "This token belongs to another channel.", status_code=403
                )
            return True
        if channel.public:
            return True
        raise exceptions.NotAuthenticated("This channel needs 'Authorization: Bearer <token>'.")


class DeliveryThrottle(BaseThrottle):
    """Requests per token (or per client address on public channels), counted in the cache.

    A fixed window: one counter per client and window, raised with an atomic
    increment, so a request costs one small cache operation whatever the rate
    (DRF's own throttle reads and writes the list of every request's time in
    the window, which grows with the rate). At a window's edge a client can
    send up to twice the rate within a short span; the rate stays the bound
    over any whole window.
    """

    scope = "delivery"

    def __init__(self) -> None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        # DRF's reading of "1200/min" (its parser uses no state of its throttle).
        self.num_requests, self.duration = SimpleRateThrottle.parse_rate(self, rate)
        self.reset = 0.0

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if isinstance(request.auth, ChannelCredentials):
            ident = f"token-{request.auth.token_id}"
        else:
            ident = f"ip-{client_ip(request)}"
        return f"throttle:{self.scope}:{ident}"

    def allow_request(self, request: Any, view: Any) -> bool:
        key = self.get_cache_key(request, view)
        if key is None or getattr(request, "counted_by_store", False):
            return True  # not throttled here, or counted already on the way to the store
        now = time.time()
        window = int(now // self.duration)
        self.reset = (window + 1) * self.duration - now
        counter = f"{key}:{window}"
        try:
            try:
                count = default_cache.incr(counter)
            except ValueError:  # first request of the window
                if default_cache.add(counter, 1, self.duration + 1):
                    return True
                count = default_cache.incr(counter)
        except Exception:  # a cache outage must not turn into errors
            return True
        return count <= self.num_requests

    def wait(self) -> float:
        return self.reset


class FeedbackThrottle(DeliveryThrottle):
    """Feedback posts without a token, per client address (`PARLEY_FEEDBACK_RATE`).

    A channel's own server posts with its token for many customers; it is
    held by the delivery rate of its token instead.
    """

    scope = "feedback"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if isinstance(request.auth, ChannelCredentials):
            return None
        return super().get_cache_key(request, view)


IF_NONE_MATCH = request_header(
    "If-None-Match", "The `ETag` you hold: 304 with no body while the response is the same."
)
# What a cacheable delivery response (200, or 304 to a matching If-None-Match) carries.
CACHED_HEADERS = [
    response_header("ETag", 200, 304),
    response_header("Cache-Control", 200, 304),
    response_header("Content-Language", 200, 304),
]
LANG = OpenApiParameter(
    "lang",
    str,
    description="Customer's language; else `Accept-Language`, else the channel's default. "
    "Unconfigured but well-formed codes fall back (200, `is_fallback`).",
)


class DeliveryView(APIView):
    authentication_classes = [ChannelTokenAuthentication]
    permission_classes = [ChannelAccess]
    throttle_classes = [DeliveryThrottle]
    allowed_params: frozenset[str] = frozenset({"lang"})
    channel_view: ChannelView

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Answers rendered at publish are sent as they are stored; anything else
        (errors included) takes the ordinary path below."""
        if (
            request.method == "GET"
            and settings.PARLEY_DELIVERY_STORED
            and accepts_json(request.META.get("HTTP_ACCEPT", ""))
        ):
            response = self.from_store(request, kwargs)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)

    def from_store(self, request: HttpRequest, kwargs: dict[str, Any]) -> HttpResponse | None:
        return None

    def store_access(
        self, request: HttpRequest, channel: str, allowed: frozenset[str]
    ) -> tuple[ChannelView, str] | None:
        """The channel and configured language of a plain request that may be served
        from the store: known parameters only, a token that is valid for this
        channel (or none on a public one), within the throttle. None otherwise."""
        gen = cache.generation()  # read once for the channels and the token
        view = all_channel_views(gen).get(channel)
        if view is None or not set(request.GET) <= allowed:
            return None
        try:
            # META, not `request.headers`: that one is rebuilt from META on every use.
            language = requested_language(
                request.GET.get("lang"),
                request.META.get("HTTP_ACCEPT_LANGUAGE"),
                view.default_language,
            )
        except MalformedLanguage:
            return None  # the ordinary path answers invalid_language
        if language not in configured_languages():
            return None
        credentials = None
        if "HTTP_AUTHORIZATION" in request.META:
            credentials = ChannelTokenAuthentication.credentials_if_valid(request, gen)
            if credentials is None or credentials.channel_id != view.id:
                return None
        elif not view.public:
            return None
        throttle = DeliveryThrottle()
        if not throttle.allow_request(StoreRequest(credentials, request.META), self):
            return None
        # Counted once: if the store misses, the ordinary path does not count it again.
        request.counted_by_store = True  # type: ignore[attr-defined]
        self.channel_view = view
        return view, language

    def stored_response(
        self, request: HttpRequest, found: stored.Stored | None
    ) -> HttpResponse | None:
        """`respond` with what the ordinary path adds (`Allow`), so both look alike."""
        if found is None:
            return None
        response = self.respond(request, found)
        response.headers["Allow"] = ", ".join(self.allowed_methods)
        return response

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        found = all_channel_views().get(kwargs.get("channel", ""))
        if found is None:
            raise exceptions.NotFound("No such channel.")
        self.channel_view = found
        self._snippet_texts: dict[str, dict[str, str]] = {}
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.allowed_params)
        if unknown:
            raise ApiError("unknown_parameter", f"Unknown query parameters: {', '.join(unknown)}.")

    def requested_language(self, request: Request) -> str:
        try:
            return requested_language(
                request.query_params.get("lang"),
                request.META.get("HTTP_ACCEPT_LANGUAGE"),
                self.channel_view.default_language,
            )
        except MalformedLanguage as error:
            raise ApiError(
                "invalid_language", "`lang` must be a language tag such as 'ja' or 'zh-TW'."
            ) from error

    def shown(self, answer: dict[str, Any], values: dict[str, str] | None = None) -> dict[str, Any]:
        """The answer as the customer sees it: snippets expanded, placeholders filled."""
        return render_answer(answer, snippets=self.snippet_texts, values=values)

    def snippet_texts(self, language: str) -> dict[str, str]:
        """Live snippet texts for this channel, read once per request and language."""
        if language not in self._snippet_texts:
            self._snippet_texts[language] = snippet_texts(
                live_snippets(), language, self.channel_view.id
            )
        return self._snippet_texts[language]

    def respond(self, request: Request, cached: tuple[bytes, str, str]) -> HttpResponse:
        body, etag, languages = cached
        headers = {
            "ETag": etag,
            "Cache-Control": f"{'public' if self.channel_view.public else 'private'}, "
            f"max-age={MAX_AGE}",
            "Vary": "Authorization, Accept-Language",
        }
        if languages:
            headers["Content-Language"] = languages
        if etag in etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
            return HttpResponse(status=304, headers=headers)
        return HttpResponse(body, content_type="application/json", headers=headers)


JSON_RANGES = {"*/*", "application/*", "application/json"}


def accepts_json(header: str) -> bool:
    """Whether `Accept` lets a JSON answer through (else the ordinary path says 406)."""
    if not header.strip():
        return True
    for part in header.split(","):
        media, *params = (piece.strip().lower() for piece in part.split(";"))
        if media in JSON_RANGES and not any(p.replace(" ", "") in {"q=0", "q=0.0"} for p in params):
            return True
    return False


@dataclass(frozen=True)
class StoreRequest:
    """What the throttle reads of a request served from the store."""

    auth: ChannelCredentials | None
    META: dict[str, Any]


class AnswerListView(DeliveryView):
    allowed_params = frozenset({"lang", "topic", "tag", "page_size", "cursor"})

    def from_store(self, request: HttpRequest, kwargs: dict[str, Any]) -> HttpResponse | None:
        if request.GET.get("page_size", str(stored.PAGE_SIZE)) != str(stored.PAGE_SIZE):
            return None
        access = self.store_access(request, kwargs["channel"], STORED_LIST_PARAMS)
        if access is None:
            return None
        view, language = access
        found = stored.read_page(view.id, language, request.GET.get("cursor", ""))
        return self.stored_response(request, found)

    @extend_schema(
        tags=["delivery"],
        operation_id="v1_delivery_answers_list",
        parameters=[
            LANG,
            OpenApiParameter("topic", str, description="Topic slug."),
            OpenApiParameter("tag", str, description="Tag slug."),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                description="Answers per page.",
            ),
            OpenApiParameter("cursor", str, description="`next_cursor` of the previous page."),
            IF_NONE_MATCH,
            *CACHED_HEADERS,
        ],
        responses={200: s.AnswerPageSerializer, 304: None},
        **raises("invalid_page_size", "invalid_cursor"),
    )
    def get(self, request: Request, channel: str) -> HttpResponse:
        params = request.query_params
        language = self.requested_language(request)
        page_size = _page_size(params.get("page_size"))
        after = decode_cursor(params["cursor"], "k") if "cursor" in params else None
        topic, tag = params.get("topic", ""), params.get("tag", "")
        key = f"list:{channel}:{language}:{topic}:{tag}:{page_size}:{after or ''}"
        gen = cache.generation()
        cached = cache.get(gen, key)
        if cached is None:
            cached = self._build(language, page_size, after, topic, tag)
            cache.set(gen, key, cached)
        return self.respond(request, cached)

    def _build(
        self, language: str, page_size: int, after: str | None, topic: str, tag: str
    ) -> tuple[bytes, str, str]:
        view = self.channel_view
        filters = Q()
        if topic:
            filters &= Q(topic__slug=topic)
        if tag:
            filters &= Q(tags__slug=tag)
        if after is not None:
            filters &= Q(key__gt=after)
        chain = language_chain(language, list(view.fallback_languages))
        page = live_entries(view, chain, filters=filters, limit=page_size + 1)
        more, page = len(page) > page_size, page[:page_size]
        answers = [
            self.shown(answer)
            for entry in page
            if (answer := resolve_answer(entry, view, language))
        ]
        data = {
            "results": answers,
            "next_cursor": encode_cursor("k", page[-1].key) if more else None,
        }
        return pack(data, [answer["language"] for answer in answers])


def _page_size(raw: str | None) -> int:
    return bounded(raw, default=20, high=100, name="page_size")


class AnswerDetailView(DeliveryView):
    def from_store(self, request: HttpRequest, kwargs: dict[str, Any]) -> HttpResponse | None:
        access = self.store_access(request, kwargs["channel"], STORED_DETAIL_PARAMS)
        if access is None:
            return None
        view, language = access
        found = stored.read_answer(view.id, language, kwargs["key"])
        if found is not None:
            usage.served(view.id, found[2], found[0])
        return self.stored_response(request, found)

    @extend_schema(
        tags=["delivery"],
        parameters=[LANG, IF_NONE_MATCH, *CACHED_HEADERS],
        responses={200: s.AnswerSerializer, 304: None},
    )
    def get(self, request: Request, channel: str, key: str) -> HttpResponse:
        language = self.requested_language(request)
        cache_key = f"answer:{channel}:{language}:{key}"
        gen = cache.generation()
        cached = cache.get(gen, cache_key)
        if cached is None:
            _entry, answer = answer_for(self.channel_view, key, language)
            cached = pack(self.shown(answer), [answer["language"]])
            cache.set(gen, cache_key, cached)
        usage.served(self.channel_view.id, cached[2], cached[0])
        return self.respond(request, cached)


def answer_for(view: ChannelView, key: str, language: str) -> tuple[LiveEntry, dict[str, Any]]:
    """Entry `key` and the answer `view` is served for it; 404 when none is published."""
    chain = language_chain(language, list(view.fallback_languages))
    found = live_entries(view, chain, filters=Q(key=key))
    answer = resolve_answer(found[0], view, language) if found else None
    if answer is None:
        raise exceptions.NotFound("No published answer with this key on this channel.")
    return found[0], answer


CHANGES_PAGE = 100


@dataclass(frozen=True)
class FeedPosition:
    """Where a changes-feed cursor points.

    A mirror starts with no cursor: the feed then walks every answer live now, in
    key order (`after_key`), and goes on with the changes logged after `change`,
    the last change id when that walk began. Both are stored values (a row id and
    a key), so a cursor stays valid across restarts and deployments.
    """

    change: int
    after_key: str | None = None  # set while the initial walk is under way

    @classmethod
    def parse(cls, raw: str | None) -> "FeedPosition | None":
        """The position a `since` cursor names; None to start from the beginning."""
        if raw is None:
            return None
        kind, value = cursor_parts(raw)
        change, sep, key = value.partition(":")
        number = ascii_int(change)
        if number is None or kind not in ("c", "s") or (kind == "s") != bool(sep):
            raise ApiError("invalid_cursor", "This cursor was not issued by this API.")
        return cls(number, key if kind == "s" else None)

    def encode(self) -> str:
        if self.after_key is None:
            return encode_cursor("c", str(self.change))
        return encode_cursor("s", f"{self.change}:{self.after_key}")


class ChangesView(DeliveryView):
    """Every live answer, then what changed: answers to upsert and keys to remove."""

    allowed_params = frozenset({"lang", "since"})

    @extend_schema(
        tags=["delivery"],
        parameters=[
            LANG,
            OpenApiParameter(
                "since",
                str,
                description="`next_cursor` of the previous call. Without it the feed "
                "starts from the beginning: every answer live now, as upserts, then "
                "the changes made after that.",
            ),
            IF_NONE_MATCH,
            *CACHED_HEADERS,
        ],
        responses={200: s.ChangesSerializer, 304: None},
        **raises("invalid_cursor"),
    )
    def get(self, request: Request, channel: str) -> HttpResponse:
        language = self.requested_language(request)
        position = FeedPosition.parse(request.query_params.get("since"))
        chain = language_chain(language, list(self.channel_view.fallback_languages))
        if position is None:
            latest = AnswerChange.objects.aggregate(latest=Max("pk"))["latest"] or 0
            position = FeedPosition(latest, after_key="")
        if position.after_key is not None:
            changes, position, has_more = self._walk(language, chain, position)
        else:
            changes, position, has_more = self._changes_after(language, chain, position)
        data = {"changes": changes, "next_cursor": position.encode(), "has_more": has_more}
        languages = [c["answer"]["language"] for c in changes if "answer" in c]
        return self.respond(request, pack(data, languages))

    def _reachable(self) -> Q:
        # Only changes of variants on this channel's chain: it never served the others.
        return Q(channel__isnull=True) | Q(channel_id__in=self.channel_view.variant_chain)

    def _changed_after(self, change: int) -> bool:
        return AnswerChange.objects.filter(self._reachable(), pk__gt=change).exists()

    def _walk(
        self, language: str, chain: list[str], position: FeedPosition
    ) -> tuple[list[dict[str, Any]], FeedPosition, bool]:
        """One page of the answers live now, in key order, as upserts; whether more
        follows (the rest of the walk, or changes made since it began)."""
        view = self.channel_view
        filters = Q(key__gt=position.after_key) if position.after_key else Q()
        page = live_entries(view, chain, filters=filters, limit=CHANGES_PAGE + 1)
        more, page = len(page) > CHANGES_PAGE, page[:CHANGES_PAGE]
        changes = [
            {"key": entry.key, "action": "upsert", "answer": self.shown(answer)}
            for entry in page
            if (answer := resolve_answer(entry, view, language))
        ]
        if more:
            return changes, FeedPosition(position.change, page[-1].key), True
        return changes, FeedPosition(position.change), self._changed_after(position.change)

    def _changes_after(
        self, language: str, chain: list[str], position: FeedPosition
    ) -> tuple[list[dict[str, Any]], FeedPosition, bool]:
        """The entries changed after `position`, each once in its current state; whether
        more changes follow."""
        view = self.channel_view
        rows = list(
            AnswerChange.objects.filter(self._reachable(), pk__gt=position.change)
            .order_by("pk")
            .values_list("pk", "entry_id")[: CHANGES_PAGE + 1]
        )
        more, rows = len(rows) > CHANGES_PAGE, rows[:CHANGES_PAGE]
        entry_ids = list(dict.fromkeys(entry_id for _pk, entry_id in rows))
        keys = dict(Entry.objects.filter(pk__in=entry_ids).values_list("pk", "key"))
        live = {e.id: e for e in live_entries(view, chain, filters=Q(pk__in=entry_ids))}
        changes = []
        for entry_id in entry_ids:
            if entry_id not in keys:  # deleted since
                continue
            entry = live.get(entry_id)
            answer = resolve_answer(entry, view, language) if entry is not None else None
            if answer is None:
                changes.append({"key": keys[entry_id], "action": "remove"})
            else:
                changes.append(
                    {"key": keys[entry_id], "action": "upsert", "answer": self.shown(answer)}
                )
        return changes, FeedPosition(rows[-1][0] if rows else position.change), more


class SearchView(DeliveryView):
    """Answers for a customer's own words, best first. Not cached: every question differs."""

    allowed_params = frozenset({"q", "lang", "limit"})

    @extend_schema(
        tags=["delivery"],
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 1, "maxLength": search.MAX_QUERY},
                required=True,
                description="The customer's question, in their words.",
            ),
            LANG,
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": search.MAX_LIMIT, "default": 5},
                description="Answers to return at most.",
            ),
            response_header("Cache-Control", 200),
        ],
        responses={200: s.SearchResultsSerializer},
        **raises("invalid_query", "query_too_long", "invalid_limit"),
    )
    def get(self, request: Request, channel: str) -> HttpResponse:
        params = request.query_params
        query = params.get("q", "")
        if not query.strip():
            raise ApiError("invalid_query", "`q` must hold the question to search for.")
        if len(query) > search.MAX_QUERY:
            raise ApiError(
                "query_too_long", f"`q` may be at most {search.MAX_QUERY} characters long."
            )
        limit = bounded(params.get("limit"), default=5, high=search.MAX_LIMIT, name="limit")
        language = self.requested_language(request)
        found = search.ranked_answers(self.channel_view, query, language, limit)
        search.record(self.channel_view, language, query, found[0] if found else None)
        data = {
            "query": query,
            "requested_language": language,
            "results": [{**self.shown(r.answer), "score": r.score} for r in found],
        }
        return HttpResponse(
            json_bytes(data), content_type="application/json", headers={"Cache-Control": "no-store"}
        )


class FeedbackAccess(ChannelAccess):
    """A channel's token, a public channel, or an answer's feedback token for this channel:
    the customer's side posts with the last one."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not isinstance(request.auth, ChannelCredentials) and not view.channel_view.public:
            data = request.data if isinstance(request.data, dict) else {}
            token = data.get("token")
            target = feedback_tokens.read(token) if isinstance(token, str) else None
            if target is not None and target.channel_id == view.channel_view.id:
                return True
        return super().has_permission(request, view)


class FeedbackView(DeliveryView):
    """A customer's vote. Without a token, one per client address, answer, language and
    version a day (a later vote replaces it: 200 instead of 201)."""

    allowed_params = frozenset()
    permission_classes = [FeedbackAccess]
    throttle_classes = [DeliveryThrottle, FeedbackThrottle]

    @extend_schema(
        tags=["delivery"],
        request=s.FeedbackSerializer,
        responses={201: s.FeedbackReceiptSerializer, 200: s.FeedbackReceiptSerializer},
        **raises("invalid_feedback_token", "feedback_token_expired", "text_too_long"),
    )
    def post(self, request: Request, channel: str, key: str) -> HttpResponse:
        data = validated(s.FeedbackSerializer, request.data)
        if data.get("token"):
            entry_id, language, version_id = self._token_target(data["token"], key)
        else:
            entry, answer = answer_for(self.channel_view, key, _body_language(data["lang"]))
            # Stored against what is served now: what the customer was most likely shown.
            entry_id, language, version_id = entry.id, answer["language"], answer["version"]
        anonymous = not isinstance(request.auth, ChannelCredentials)
        feedback, created = feedback_record(
            entry_id=entry_id,
            channel_id=self.channel_view.id,
            language=language,
            version_id=version_id,
            client_key=feedback_client_key(client_ip(request)) if anonymous else "",
            helpful=data.get("helpful"),
            effort=data.get("effort"),
            comment=data.get("comment", ""),
        )
        receipt = {"id": feedback.pk, "language": feedback.language, "version": version_id}
        return HttpResponse(
            json_bytes(receipt), status=201 if created else 200, content_type="application/json"
        )

    def _token_target(self, token: str, key: str) -> tuple[int, str, int]:
        """(entry, language, version) a feedback token names, checked against this URL."""
        target = feedback_tokens.read(token)
        if target is None or (target.channel_id, target.key) != (self.channel_view.id, key):
            raise ApiError("invalid_feedback_token", "This is not this answer's feedback token.")
        version = (
            Version.objects.select_related("variant")
            .filter(pk=target.version_id, variant__entry__key=key)
            .first()
        )
        if not feedback_tokens.live_enough(version):
            raise ApiError(
                "feedback_token_expired",
                "This answer has changed since; ask the customer about the new one.",
            )
        return version.variant.entry_id, target.language, version.pk  # type: ignore[union-attr]


class RenderView(DeliveryView):
    """One answer with the channel's own placeholder values filled in. Never cached."""

    allowed_params = frozenset()

    @extend_schema(
        tags=["delivery"],
        request=s.RenderRequestSerializer,
        parameters=[
            response_header("Content-Language", 200),
            response_header("Cache-Control", 200),
        ],
        responses={200: s.AnswerSerializer},
        **raises("unknown_variable", "invalid_variable", "variable_too_long"),
    )
    def post(self, request: Request, channel: str, key: str) -> HttpResponse:
        data = validated(s.RenderRequestSerializer, request.data)
        language = _body_language(data["lang"])
        values = _variables(data.get("variables", {}))
        _entry, answer = answer_for(self.channel_view, key, language)
        shown = self.shown(answer, values)
        body = json_bytes(shown)
        usage.served(self.channel_view.id, shown["language"], body)
        return HttpResponse(
            body,
            content_type="application/json",
            headers={"Content-Language": shown["language"], "Cache-Control": "no-store"},
        )


def _body_language(raw: str) -> str:
    """`lang` of a request body, normalised; 400 `invalid_language` when malformed."""
    try:
        return normalize_language(raw)
    except MalformedLanguage as error:
        raise ApiError("invalid_language", "`lang` must be a language tag.") from error


def _variables(raw: dict[str, Any]) -> dict[str, str]:
    """Placeholder values: known names only, plain strings within each name's limit."""
    unknown = sorted(set(raw) - set(placeholder_names()))
    if unknown:
        raise ApiError(
            "unknown_variable",
            f"Unknown placeholders: {', '.join(unknown)}. Known: {', '.join(placeholder_names())}.",
        )
    values = {}
    for name, value in raw.items():
        if not isinstance(value, str):
            raise ApiError("invalid_variable", f"`{name}` must be a string.")
        if len(value) > max_length(name):
            raise ApiError(
                "variable_too_long", f"`{name}` is longer than {max_length(name)} characters."
            )
        values[name] = value
    return values
