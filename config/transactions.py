"""The transaction every service write runs in: atomic, and patient with a busy database.

On the embedded default (SQLite) only one writer works at a time. Write
transactions start IMMEDIATE and wait up to the busy timeout for the lock
(settings), so two people clicking at once are served one after the other.
Should the lock still not come, nothing was written yet: the service runs
once more, and a conflict that remains is `Busy` (409 `busy`), never a 500.
"""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import OperationalError, connection, transaction

from config.errors import Busy

F = TypeVar("F", bound=Callable[..., Any])

LOCK_MESSAGES = ("database is locked", "database table is locked")


def is_busy(error: BaseException) -> bool:
    """True for a database error that says another writer holds the lock."""
    return isinstance(error, OperationalError) and any(
        message in str(error) for message in LOCK_MESSAGES
    )


def write_transaction(func: F) -> F:
    """`transaction.atomic`, retried once when the database is busy (outermost call only)."""
    atomic = transaction.atomic(func)

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        if connection.in_atomic_block:  # an outer transaction owns the retry
            return atomic(*args, **kwargs)
        try:
            return atomic(*args, **kwargs)
        except OperationalError as error:
            if not is_busy(error):
                raise
        try:
            return atomic(*args, **kwargs)
        except OperationalError as error:
            if is_busy(error):
                raise Busy(
                    "Someone else is saving at this moment; try again in a few seconds."
                ) from error
            raise

    return run  # type: ignore[return-value]
