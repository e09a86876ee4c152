"""Gunicorn settings for Parley: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Each worker loads the answer-search index in the background as soon as it
starts, so the first customer search does not wait for it (at 10,000 entries
loading takes seconds; see README, Benchmarks). Workers and bind address come
from the command line or GUNICORN_CMD_ARGS as usual.
"""

import threading
import time
from typing import Any


def post_worker_init(worker: Any) -> None:
    def warm() -> None:
        from django.db import connections

        from channels.search.backends import get_backend

        start = time.perf_counter()
        try:
            backend = get_backend()
            if hasattr(backend, "warm"):
                backend.warm()
            worker.log.info("Search index loaded in %.1f s", time.perf_counter() - start)
        except Exception:  # a failed warm-up only means the first search loads it
            worker.log.exception("Search index warm-up failed; the first search loads it")
        finally:
            connections.close_all()

    threading.Thread(target=warm, name="parley-search-warmup", daemon=True).start()
