"""What editorial API tests share: the `If-Match` a client sends with a write."""

import re
from typing import Any

VERSION_URL = re.compile(r".*/versions/\d+/")


def if_match(client: Any, url: str) -> dict[str, str]:
    """`If-Match` for a write to the version at `url` (its URL or an action's): the
    ETag the client reads first, as every editorial client does before a change."""
    found = VERSION_URL.match(url)
    assert found, url
    response = client.get(found.group(0))
    assert response.status_code == 200, response.content[:200]
    return {"HTTP_IF_MATCH": response["ETag"]}


def write(client: Any, method: str, url: str, data: Any = None) -> Any:
    """A JSON `post` or `patch` of a version (or one of its steps), with its `If-Match`."""
    send = getattr(client, method)
    return send(url, {} if data is None else data, format="json", **if_match(client, url))
