import os

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        from knowledge.api import schema  # noqa: F401  (registers the OpenAPI extension)

        # `make run` (embedded, no broker): beat's schedule runs in the server process
        # that serves requests (the autoreloader's child), so scheduled versions go live.
        if os.environ.get("PARLEY_EMBEDDED_BEAT") == "1" and os.environ.get("RUN_MAIN") == "true":
            import time

            from django.conf import settings

            from config.celery import EmbeddedBeat

            if settings.CELERY_TASK_ALWAYS_EAGER:
                EmbeddedBeat(settings.CELERY_BEAT_SCHEDULE, now=time.monotonic()).start()


class ParleyAdminConfig(admin_apps.AdminConfig):
    """Django's admin whose default site shows each person their work on the index."""

    default = False  # "knowledge" in INSTALLED_APPS still means KnowledgeConfig
    default_site = "knowledge.site.ParleyAdminSite"
