"""Gunicorn settings for Parley: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Workers and the bind address come from the command line or GUNICORN_CMD_ARGS.
Workers load nothing up front: answer search reads this host's on-disk index,
which opens in milliseconds at the first question (see README, Search).
"""

# Restart a worker after this many requests, with jitter, so a slow leak in a
# dependency cannot grow without bound.
max_requests = 10_000
max_requests_jitter = 1_000
