"""Parley settings.

Everything that differs between a laptop and production comes from the
environment (see README, "Configuration"). With no variables set, Parley runs
embedded: SQLite file, local-memory cache, Celery tasks executed in-process.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The fallback key is only good for a laptop; `check --deploy` flags it.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="django-insecure-parley-local-development-key")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    "knowledge.apps.ParleyAdminConfig",  # the Django admin, with a home page per person
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "knowledge",
    "channels",
    "templates_app",
    # People's notices of workflow steps; listens to knowledge's signals.
    "notices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.middleware.RejectNullCharacters",
    "config.middleware.LimitApiRequestBody",
    "config.middleware.BusyDatabase",
    "channels.webhooks.WebhooksAfterResponseMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses locked-out ones before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],  # every template lives in its app's templates/ folder
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # `parley_unread_notices` for the admin header.
                "notices.context.unread_count",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep connections open between requests (seconds); a new connection per request
# costs more than most delivery reads. Checked before reuse, so a restarted
# database costs one failed check, not an error.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: write transactions take the lock when they begin and
    # wait for it (seconds) instead of failing when another writer holds it;
    # WAL lets readers go on while someone writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.float("SQLITE_BUSY_TIMEOUT", default=20.0),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# "counters" and "stored" are the same store as "default", but their failures
# raise: counts (the search log, answers served: config.counters) cannot be recomputed, so
# they are then written to the database; a stored answer (channels.stored) that
# could not be replaced or withdrawn in the cache must be repaired, not skipped.
if REDIS_URL:
    _REDIS = {
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "parley",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES = {
        # Failures read as misses: every cached value can be recomputed.
        "default": {"BACKEND": "config.cache.ResilientRedisCache", **_REDIS},
        "counters": {"BACKEND": "django.core.cache.backends.redis.RedisCache", **_REDIS},
        "stored": {"BACKEND": "django.core.cache.backends.redis.RedisCache", **_REDIS},
    }
else:
    # One memory (same LOCATION) for both; room for the counts of many questions
    # waiting for the flush before the least recently used keys are dropped.
    _LOCMEM = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "parley",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
    CACHES = {"default": _LOCMEM, "counters": _LOCMEM, "stored": _LOCMEM}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Abuse ------------------------------------------------------------------------------
# How many proxies of ours stand in front of Parley (each appends to
# X-Forwarded-For). 0: the header is ignored, the socket's address counts.
PARLEY_TRUSTED_PROXIES = env.int("PARLEY_TRUSTED_PROXIES", default=0)
# Admin login lockout (django-axes): failures per user name and address together,
# then locked for the cool-off. Failed API tokens are counted per address alike.
AXES_FAILURE_LIMIT = env.int("PARLEY_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("PARLEY_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "config.lockout.locked_out"
AXES_VERBOSE = False
# Longest text of one language in a title, body, snippet, question or comment.
PARLEY_MAX_TEXT_LENGTH = env.int("PARLEY_MAX_TEXT_LENGTH", default=20_000)
# Per-field exceptions to it (a title column holds 300 at most).
PARLEY_TEXT_LIMITS = env.json(
    "PARLEY_TEXT_LIMITS",
    default={"title": 300, "text": 2000, "comment": 5000, "feedback_comment": 2000},
)
# Largest request body any /api/ endpoint reads.
PARLEY_MAX_REQUEST_BYTES = env.int("PARLEY_MAX_REQUEST_BYTES", default=1_048_576)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(PARLEY_MAX_REQUEST_BYTES, 2_621_440)
# A translation file (or zip of them) taken back from translators: larger than an API
# request may be, since one file can carry a language of the whole base.
PARLEY_MAX_TRANSLATION_FILE_BYTES = env.int(
    "PARLEY_MAX_TRANSLATION_FILE_BYTES", default=20 * 1_048_576
)

# --- Languages -------------------------------------------------------------
# LANGUAGES is part of the database schema: every translated field has one
# column per code. Change it only together with a generated migration, and
# use the same list in every environment (README, "Adding a language").
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ja", _("Japanese")),
    ("fi", _("Finnish")),
    ("zh-hant", _("Traditional Chinese")),
]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# The admin shows each language's own column; delivery never relies on the
# descriptor's silent fallback (it reads the columns it means).
MODELTRANSLATION_FALLBACK_LANGUAGES = ()

# The language texts are written in first; every chain ends here.
PARLEY_SOURCE_LANGUAGE = env.str("PARLEY_SOURCE_LANGUAGE", default="en")
PARLEY_FOUR_EYES = env.bool("PARLEY_FOUR_EYES", default=True)
PARLEY_REVIEW_SLA_HOURS = env.int("PARLEY_REVIEW_SLA_HOURS", default=24)
# Answer search: the engine, where this host keeps its index (one copy per
# host, kept current from the outbox by this host's indexer), how long outbox
# rows are kept (an indexer that has been away longer rebuilds instead), and
# the share of a question's words the best answer must match for the search
# not to count as a miss in the log.
# Delivery reads answers rendered at publish (channels/stored.py); 0 resolves every
# read as before (for comparison, and as a switch should the store misbehave).
PARLEY_DELIVERY_STORED = env.bool("PARLEY_DELIVERY_STORED", default=True)
# Public channels whose answers are also written as files when published, for a
# web server or CDN to serve: JSON {"help-page": "/var/www/parley/help-page"}.
# PARLEY_CDN_PURGE names a function called with the changed paths (README).
PARLEY_STATIC_EXPORT = env.json("PARLEY_STATIC_EXPORT", default={})
PARLEY_CDN_PURGE = env.str("PARLEY_CDN_PURGE", default="")
PARLEY_SEARCH_BACKEND = env.str(
    "PARLEY_SEARCH_BACKEND", default="channels.search.backends.TantivyBackend"
)
PARLEY_SEARCH_INDEX_DIR = Path(
    env.str("PARLEY_SEARCH_INDEX_DIR", default=str(BASE_DIR / "var" / "search"))
)
PARLEY_SEARCH_OUTBOX_DAYS = env.int("PARLEY_SEARCH_OUTBOX_DAYS", default=7)
# Re-rank the engine's best candidates by meaning (multilingual-e5-small, offline;
# see channels/search/vectors.py): set to 0 on CPUs without AVX2.
PARLEY_SEARCH_RERANK = env.bool("PARLEY_SEARCH_RERANK", default=True)
PARLEY_SEARCH_MISS_COVERAGE = env.float("PARLEY_SEARCH_MISS_COVERAGE", default=0.5)
# Searches are counted in the cache and added to the search log by a periodic
# job this often: the admin's "Search queries" trail the searches by at most this.
PARLEY_SEARCH_LOG_FLUSH_SECONDS = env.float("PARLEY_SEARCH_LOG_FLUSH_SECONDS", default=60.0)
# Answers served are counted in the cache and written to the database this often
# (channels.usage); PARLEY_COUNT_SERVED=0 turns counting off.
PARLEY_USAGE_FLUSH_SECONDS = env.float("PARLEY_USAGE_FLUSH_SECONDS", default=60.0)
PARLEY_COUNT_SERVED = env.bool("PARLEY_COUNT_SERVED", default=True)
# Revision tasks (channels.revision): an answer's live version on a channel, in a
# language, with at least MIN_VOTES votes and a helpful rate below HELPFUL_BELOW or
# a mean effort (1-5) above EFFORT_ABOVE; or a group of questions nothing answered,
# missed GAP_COUNT times. Due SLA_DAYS after opening.
# A feedback token (in every answer delivered) stays good this many days after its
# version stops being the published one (channels.feedback_tokens).
PARLEY_FEEDBACK_TOKEN_DAYS = env.int("PARLEY_FEEDBACK_TOKEN_DAYS", default=7)
PARLEY_REVISION_MIN_VOTES = env.int("PARLEY_REVISION_MIN_VOTES", default=10)
PARLEY_REVISION_HELPFUL_BELOW = env.float("PARLEY_REVISION_HELPFUL_BELOW", default=0.6)
PARLEY_REVISION_EFFORT_ABOVE = env.float("PARLEY_REVISION_EFFORT_ABOVE", default=3.5)
PARLEY_REVISION_GAP_COUNT = env.int("PARLEY_REVISION_GAP_COUNT", default=20)
PARLEY_REVISION_SLA_DAYS = env.int("PARLEY_REVISION_SLA_DAYS", default=7)

# --- Webhooks ------------------------------------------------------------------------
# Webhooks go to public https addresses only. http is for development; the
# allowed hosts may be on non-public addresses (an on-premise receiver).
PARLEY_WEBHOOK_ALLOW_HTTP = env.bool("PARLEY_WEBHOOK_ALLOW_HTTP", default=False)
PARLEY_WEBHOOK_ALLOWED_HOSTS = env.list("PARLEY_WEBHOOK_ALLOWED_HOSTS", default=[])
# After "Rotate secret", deliveries carry the old secret's signature this long too.
PARLEY_WEBHOOK_SECRET_GRACE_HOURS = env.float("PARLEY_WEBHOOK_SECRET_GRACE_HOURS", default=24)

# Messages live in the session, not in a cookie: a secret shown once (tokens,
# webhook secrets) then never leaves the server except in that one page.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Static files ------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# --- Celery --------------------------------------------------------------------
# Without a broker (embedded default) tasks run in-process; with REDIS_URL a
# real worker (`celery -A config worker`) picks them up.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
# Web processes and beat send to this queue and workers read it; one name per
# installation sharing a Redis (the integration tests use their own).
CELERY_TASK_DEFAULT_QUEUE = env.str("PARLEY_CELERY_QUEUE", default="parley")
# With the broker down, give up sending quickly: what was to be sent is in the
# database (webhook outbox, scheduled versions) and a periodic job picks it up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Seconds between runs of the minute-scale periodic jobs (scheduled publishing,
# webhook retries).
PARLEY_JOBS_INTERVAL = env.float("PARLEY_JOBS_INTERVAL", default=60.0)

# --- E-mail ----------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="parley@localhost")
# Where people reach Parley: links in e-mails (which have no request to go by).
PARLEY_SITE_URL = env.str("PARLEY_SITE_URL", default="http://127.0.0.1:8000")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)

# --- REST framework ----------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its `WWW-Authenticate` header makes a missing login a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knowledge.authentication.UserTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "config.api.api_exception_handler",
    # Delivery requests per channel token (or client address on public channels).
    "DEFAULT_THROTTLE_RATES": {
        "delivery": env.str("PARLEY_DELIVERY_RATE", default="1200/min"),
        # Feedback posts per client address (public channels) or token.
        "feedback": env.str("PARLEY_FEEDBACK_RATE", default="30/hour"),
    },
    # X-Forwarded-For is believed only this far (see config.clients).
    "NUM_PROXIES": PARLEY_TRUSTED_PROXIES,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["config.parsers.JSONParser"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Parley API",
    "DESCRIPTION": "Editorial and delivery API of Parley, a CMS for customer-service answers.",
    "VERSION": "1",
    # Interactive docs served from our own static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # A translation import's per-unit results, apart from versions' workflow statuses.
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "knowledge.workflow.VersionStatus",
        "TranslationUnitStatusEnum": ["applied", "unchanged", "conflict", "refused"],
        "LanguageEnum": [code for code, _name in LANGUAGES],
        "UpsertActionEnum": ["upsert"],
        "RemoveActionEnum": ["remove"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.document_the_contract",
    ],
}

# --- HTTPS (production) ------------------------------------------------------------
if env.bool("DJANGO_HTTPS", default=False):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Rolling a version back goes through the review workflow, never through
# simple-history's "revert" button.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Periodic jobs for `celery -A config beat`; `manage.py run_due_jobs` runs them once.
CELERY_BEAT_SCHEDULE = {
    "publish-due-versions": {
        "task": "knowledge.tasks.publish_due_versions",
        "schedule": PARLEY_JOBS_INTERVAL,
    },
    "escalate-overdue-reviews": {
        "task": "knowledge.tasks.escalate_overdue_reviews",
        "schedule": 15 * 60.0,
    },
    "retry-due-webhooks": {
        "task": "channels.tasks.retry_due_webhooks",
        "schedule": PARLEY_JOBS_INTERVAL,
    },
    "render-answers": {
        "task": "channels.tasks.render_answers",
        "schedule": PARLEY_JOBS_INTERVAL,
    },
    "apply-search-changes": {
        "task": "channels.tasks.apply_search_changes",
        "schedule": PARLEY_JOBS_INTERVAL,
    },
    "remind-content-verification": {
        "task": "knowledge.tasks.remind_content_verification",
        "schedule": 24 * 60 * 60.0,
    },
    "revision-tasks": {
        "task": "channels.tasks.apply_revision_thresholds",
        "schedule": PARLEY_JOBS_INTERVAL,
    },
    "flush-served-counts": {
        "task": "channels.tasks.flush_served_counts",
        "schedule": PARLEY_USAGE_FLUSH_SECONDS,
    },
    "flush-search-log": {
        "task": "channels.tasks.flush_search_log",
        "schedule": PARLEY_SEARCH_LOG_FLUSH_SECONDS,
    },
}

# The placeholders bodies and snippets may use, as {{name}}: the whitelist.
# Channels fill them through the render endpoint; a value left out gets the
# default text in the answer's language. Values longer than `max_length` are
# refused. Adding one is a settings change (channels must know to send it).
# `sample` is what the admin preview fills in, so editors see a real-looking answer.
PARLEY_PLACEHOLDERS = {
    "customer_name": {
        "max_length": 100,
        "default": {"en": "there", "ja": "お客", "fi": "ja kiitos viestistä", "zh-hant": ""},
        "sample": {"en": "Maria", "ja": "佐藤", "fi": "Aino", "zh-hant": "林小姐"},
    },
    "order_number": {
        "max_length": 40,
        "default": {"en": "your order", "ja": "ご注文", "fi": "tilauksesi", "zh-hant": "您的訂單"},
        "sample": {"en": "A-10482", "ja": "A-10482", "fi": "A-10482", "zh-hant": "A-10482"},
    },
    "delivery_date": {
        "max_length": 60,
        "default": {
            "en": "the date shown in your order",
            "ja": "ご注文に記載の日付",
            "fi": "tilauksessa näkyvä päivä",
            "zh-hant": "訂單上顯示的日期",
        },
        "sample": {
            "en": "14 March",
            "ja": "3月14日",
            "fi": "14. maaliskuuta",
            "zh-hant": "3月14日",
        },
    },
}
