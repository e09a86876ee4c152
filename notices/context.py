"""Template context for every admin page: the person's unread notices, counted lazily.

`parley_unread_notices` (how many) is for the header; `parley_notices` (the
newest few) is what `admin/notices/panel.html` lists when it is included
without `notices`. Both are callables the template engine calls only on pages
that show them, once each per page.
"""

import functools
from typing import Any

from django.http import HttpRequest

from notices.models import Notice
from notices.selectors import unread_notices

PANEL_SIZE = 10


def unread_count(request: HttpRequest) -> dict[str, Any]:
    """`parley_unread_notices` and `parley_notices` of the signed-in staff member."""

    @functools.cache
    def count() -> int:
        person = _staff_member(request)
        return unread_notices(person).count() if person is not None else 0

    @functools.cache
    def newest() -> list[Notice]:
        person = _staff_member(request)
        return list(unread_notices(person)[:PANEL_SIZE]) if person is not None else []

    return {"parley_unread_notices": count, "parley_notices": newest}


def _staff_member(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return None
    return user
