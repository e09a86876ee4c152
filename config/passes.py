"""Passes that follow an outbox: run after commit, in-process or by a worker.

The search indexer and the answer renderer each apply an outbox table. After a
change commits, a pass runs at once: in-process in the embedded default (no
broker), else as a Celery task sent by name. A pass that fails or cannot be
sent is made up by the periodic one, so the change that asked for it never
fails because of it.
"""

import logging
from collections.abc import Callable

from django.conf import settings

logger = logging.getLogger(__name__)


def run_soon(run: Callable[[], object], task: str, what: str) -> None:
    """`run()` now in-process, or send Celery task `task`; `what` names it in the log."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        try:
            run()
        except Exception:
            logger.exception("%s failed; the periodic pass retries it.", what)
        return
    from celery import current_app
    from kombu.exceptions import OperationalError

    try:
        current_app.send_task(task)
    except OperationalError:
        logger.warning("Broker unreachable; the periodic %s applies the change.", what)
