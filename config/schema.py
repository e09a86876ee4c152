"""Responses every API operation can give, added to the OpenAPI schema in one place.

Any operation can be refused by a throttle or an address lockout (429);
any write can meet a database busy with another writer (409 `busy`); any
operation with a body can be sent one over the size limit (413).
"""

from typing import Any

ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
COMMON = {
    "429": "Too many requests (`throttled`) or too many bad tokens from this address "
    "(`locked_out`); see `Retry-After`.",
}
WRITES = {"409": "The database is busy with another writer (`busy`); try again."}
WITH_BODY = {"413": "The request body is over the size limit (`payload_too_large`)."}


def document_common_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook (SPECTACULAR_SETTINGS)."""
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            extra = dict(COMMON)
            if method in ("post", "put", "patch", "delete"):
                extra.update(WRITES)
            if "requestBody" in operation:
                extra.update(WITH_BODY)
            for status, description in extra.items():
                operation["responses"].setdefault(
                    status, {"content": ERROR, "description": description}
                )
    return result
