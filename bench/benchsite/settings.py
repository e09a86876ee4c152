"""Parley's own settings, plus a bare view, and a cache switch for cold runs.

`BENCH_COLD=1` swaps the cache for Django's dummy cache: every request then
resolves from the database (token, channels, entries, versions), which is
what the first request after a publish costs.
"""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchsite.urls"

if os.environ.get("BENCH_COLD") == "1":
    _DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    CACHES = {"default": _DUMMY, "counters": _DUMMY, "stored": _DUMMY}
