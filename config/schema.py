"""The API contract's errors, headers and security, written into the OpenAPI schema here.

Every error code the API can answer is in `CODES`, with its status and the
fields its body carries beside `code` and `detail`. An operation's errors are
the codes it names itself (`raises(...)` on the view) plus those that follow
from what it is (`common_codes`): every operation can be throttled, an
operation with a body can be sent bad JSON, a delivery operation can be asked
for an unknown parameter, and so on. The post-processing hook turns them into
one response per status whose body is one of the codes' error shapes, each with
`code` as a one-value enum, so generated clients get a typed error per code.

`tests/conftest.py` checks every API response the test suite sees against this
schema (status, `code`, headers), so a code missing here fails a test.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from drf_spectacular.utils import OpenApiParameter

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
STRINGS = {"type": "array", "items": STRING}


@dataclass(frozen=True)
class ErrorCode:
    status: int
    description: str
    fields: Mapping[str, dict[str, Any]] = field(default_factory=dict)  # always present
    optional: Mapping[str, dict[str, Any]] = field(default_factory=dict)


VALIDATION_ERRORS = {
    "type": "object",
    "additionalProperties": True,
    "description": "Messages per field, as the request named them; nested for nested fields.",
}

CODES: dict[str, ErrorCode] = {
    # Any request.
    "throttled": ErrorCode(429, "Too many requests; wait `Retry-After` seconds."),
    "locked_out": ErrorCode(
        429, "Too many bad tokens from this address; wait `Retry-After` seconds."
    ),
    "not_acceptable": ErrorCode(406, "`Accept` allows nothing this operation answers."),
    "invalid_character": ErrorCode(400, "A NUL character in the path or the query."),
    "not_authenticated": ErrorCode(401, "No credentials where they are needed."),
    "authentication_failed": ErrorCode(401, "Unknown, revoked or malformed credentials."),
    "permission_denied": ErrorCode(403, "Your groups do not allow this."),
    "not_found": ErrorCode(404, "No such object (or page)."),
    # Requests with a body, and writes.
    "invalid_json": ErrorCode(400, "The body is not JSON."),
    "unsupported_media_type": ErrorCode(415, "The body is not of a type this operation reads."),
    "payload_too_large": ErrorCode(413, "The body is over the size limit."),
    "invalid": ErrorCode(
        400,
        "Bad input; `errors` names each field (request checks), `field` the one field "
        "(checks made while saving).",
        optional={"errors": VALIDATION_ERRORS, "field": STRING},
    ),
    "busy": ErrorCode(409, "The database is busy with another writer; try again."),
    # Delivery.
    "wrong_channel": ErrorCode(403, "The token belongs to another channel."),
    "unknown_parameter": ErrorCode(400, "A query parameter this operation does not take."),
    "invalid_language": ErrorCode(400, "`lang` is not a language tag."),
    "invalid_page_size": ErrorCode(400, "`page_size` is not a whole number from 1 to 100."),
    "invalid_cursor": ErrorCode(400, "The cursor was not issued by this API."),
    "invalid_query": ErrorCode(400, "`q` is empty."),
    "query_too_long": ErrorCode(400, "`q` is over 500 characters."),
    "invalid_limit": ErrorCode(400, "`limit` is not a whole number from 1 to 20."),
    "unknown_variable": ErrorCode(400, "A variable that is not one of the placeholders."),
    "invalid_variable": ErrorCode(400, "A variable's value is not a string."),
    "variable_too_long": ErrorCode(400, "A variable's value is over its length limit."),
    "invalid_feedback_token": ErrorCode(400, "Not this answer's feedback token."),
    "feedback_token_expired": ErrorCode(400, "The feedback token has expired."),
    # Editorial.
    "invalid_parameter": ErrorCode(400, "A query parameter's value is not one it takes."),
    "invalid_queue": ErrorCode(400, "`queue` is not `mine`."),
    "invalid_status": ErrorCode(400, "`status` is not a version status."),
    "invalid_against": ErrorCode(400, "`against` is not a version of the same variant."),
    "unknown_channel": ErrorCode(400, "A channel that does not exist."),
    "four_eyes": ErrorCode(403, "You wrote or edited this version: someone else reviews it."),
    "comment_required": ErrorCode(400, "This step needs a comment."),
    "text_too_long": ErrorCode(
        400,
        "A text over its limit.",
        fields={"field": STRING, "limit": INTEGER},
    ),
    "unknown_placeholder": ErrorCode(
        400,
        "A placeholder outside the whitelist, or a snippet that is not published.",
        optional={"field": STRING, "snippets": STRINGS},
    ),
    "lint_failed": ErrorCode(
        400,
        "The tone check found errors; `findings` lists them.",
        fields={"findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}},
    ),
    "empty_version": ErrorCode(400, "No language has both a title and a body."),
    "no_changes": ErrorCode(400, "The copy is the live text, unchanged."),
    "invalid_transition": ErrorCode(
        409,
        "This step is impossible from the version's status, named in `status`.",
        optional={"status": STRING},
    ),
    "not_editable": ErrorCode(409, "Only drafts and versions sent back can be edited."),
    "draft_exists": ErrorCode(
        409, "The variant has an open draft; `draft_id` names it.", fields={"draft_id": INTEGER}
    ),
    "entry_exists": ErrorCode(409, "An entry with this key exists."),
    "snippet_exists": ErrorCode(409, "A snippet with this key exists."),
    "snippet_in_use": ErrorCode(
        409,
        "Live or approved answers use the snippet; `keys` names them.",
        fields={"keys": STRINGS},
    ),
    "precondition_failed": ErrorCode(
        412,
        "The version changed since you read it; `etag` is its current ETag.",
        fields={"etag": STRING},
    ),
    "precondition_required": ErrorCode(
        428,
        "Send `If-Match` with the ETag you read; `etag` is the current one.",
        fields={"etag": STRING},
    ),
    "invalid_file": ErrorCode(400, "The file is not XLIFF or PO, or cannot be read."),
    "translation_refused": ErrorCode(
        422,
        "No unit of the file could be applied; `units` says why for each.",
        fields={
            "units": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/TranslationUnitReport"},
            },
            "id": INTEGER,
        },
    ),
}

# Response headers, by name: their schema and what they say.
HEADERS: dict[str, tuple[dict[str, Any], str]] = {
    "ETag": (STRING, "Validator of this representation; send it in `If-None-Match`/`If-Match`."),
    "Cache-Control": (STRING, "How long a cache may keep the response."),
    "Content-Language": (STRING, "Languages of the answers served, comma-separated."),
    "Retry-After": (INTEGER, "Seconds to wait before trying again."),
    "Content-Disposition": (STRING, "`attachment` with the file's name."),
}
# Headers the conformance check follows (others, such as `Vary` and `Allow`, are HTTP's own).
WATCHED_HEADERS = frozenset(HEADERS)


def raises(*codes: str) -> dict[str, Any]:
    """`extend_schema(**raises(...))`: the codes an operation answers beyond the common ones."""
    unknown = [code for code in codes if code not in CODES]
    if unknown:
        raise ValueError(f"Unknown error codes: {unknown}")
    return {"extensions": {"x-error-codes": list(codes)}}


def response_header(name: str, *statuses: int, required: bool | None = None) -> OpenApiParameter:
    """A response header an operation sends with the given statuses (always, unless
    `required=False`; `Content-Language` only when the response holds an answer)."""
    schema, description = HEADERS[name]
    return OpenApiParameter(
        name,
        schema,
        OpenApiParameter.HEADER,
        required=name != "Content-Language" if required is None else required,
        description=description,
        response=list(statuses),
    )


def request_header(name: str, description: str, *, required: bool = False) -> OpenApiParameter:
    return OpenApiParameter(
        name, str, OpenApiParameter.HEADER, required=required, description=description
    )


def common_codes(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    """The codes an operation answers because of what it is."""
    codes = ["throttled", "locked_out", "not_acceptable", "invalid_character"]
    delivery = path.startswith("/api/v1/delivery/")
    parameters = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    if delivery:
        codes += ["authentication_failed", "not_authenticated", "wrong_channel", "not_found"]
        codes += ["unknown_parameter", "invalid_language"]
    else:
        codes += ["not_authenticated", "authentication_failed", "permission_denied"]
        if "{" in path or "page" in parameters:
            codes.append("not_found")
    if method in ("post", "put", "patch", "delete"):
        codes.append("busy")
    if "requestBody" in operation:
        codes += ["invalid_json", "unsupported_media_type", "payload_too_large", "invalid"]
    return codes


def error_component(code: str) -> str:
    return "Error" + "".join(part.title() for part in code.split("_"))


def _error_schema(code: str, spec: ErrorCode) -> dict[str, Any]:
    properties = {
        "code": {"type": "string", "enum": [code]},
        "detail": {"type": "string", "description": "What went wrong, for people."},
        **spec.fields,
        **spec.optional,
    }
    return {
        "type": "object",
        "description": spec.description,
        "properties": properties,
        "required": ["code", "detail", *spec.fields],
    }


def _error_response(codes: list[str]) -> dict[str, Any]:
    refs = {code: f"#/components/schemas/{error_component(code)}" for code in codes}
    if len(codes) == 1:
        schema: dict[str, Any] = {"$ref": refs[codes[0]]}
    else:
        schema = {
            "oneOf": [{"$ref": ref} for ref in refs.values()],
            "discriminator": {"propertyName": "code", "mapping": refs},
        }
    text = ", ".join(f"`{code}`" for code in codes)
    response: dict[str, Any] = {
        "description": CODES[codes[0]].description if len(codes) == 1 else text,
        "content": {"application/json": {"schema": schema}},
    }
    headers = {}
    if any("etag" in CODES[code].fields for code in codes):
        headers["ETag"] = _header("ETag", required=True)
    if "throttled" in codes or "busy" in codes:
        headers["Retry-After"] = _header("Retry-After", required=codes[0] != "busy")
    if headers:
        response["headers"] = headers
    return response


def _header(name: str, *, required: bool) -> dict[str, Any]:
    schema, description = HEADERS[name]
    return {"schema": schema, "description": description, "required": required}


def operation_codes(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    own = operation.get("x-error-codes", [])
    return list(dict.fromkeys([*common_codes(path, method, operation), *own]))


def _by_status(codes: Iterable[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for code in codes:
        grouped.setdefault(str(CODES[code].status), []).append(code)
    return grouped


def document_the_contract(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook (SPECTACULAR_SETTINGS)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for code, spec in CODES.items():
        schemas[error_component(code)] = _error_schema(code, spec)
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = operation_codes(path, method, operation)
            operation.pop("x-error-codes", None)
            responses = operation["responses"]
            for status in [s for s in responses if s.startswith("4")]:
                del responses[status]
            for status, grouped in sorted(_by_status(codes).items()):
                responses[status] = _error_response(grouped)
            if path.startswith("/api/v1/delivery/"):
                # Public channels need no token: "a channel token, or none".
                operation["security"] = [{"channelToken": []}, {}]
    return result
