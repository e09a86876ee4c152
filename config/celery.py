"""Celery application. Settings come from Django's, under the CELERY_ prefix."""

import logging
import os
import threading
import time

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class EmbeddedBeat:
    """Celery beat's schedule (`CELERY_BEAT_SCHEDULE`) run inside the web process, for
    the embedded setup (`make run`: no broker, tasks run in-process). Without it a
    scheduled version would never go live there."""

    def __init__(self, schedule: dict, *, now: float) -> None:
        # Each job first runs one interval after start, as beat does.
        self.jobs = {entry["task"]: float(entry["schedule"]) for entry in schedule.values()}
        self.due = {task: now + interval for task, interval in self.jobs.items()}

    def run_due(self, now: float) -> list[str]:
        """Run every job whose time has come, in this thread; the names of those run."""
        from django.db import close_old_connections

        if any(task not in app.tasks for task in self.jobs):
            app.loader.import_default_modules()  # the apps' tasks modules (autodiscovery)
        ran = []
        for task, interval in self.jobs.items():
            if now < self.due[task]:
                continue
            self.due[task] = now + interval
            try:
                app.tasks[task].apply(throw=True)
                ran.append(task)
            except Exception:
                logging.getLogger(__name__).exception("Embedded beat: %s failed", task)
            finally:
                close_old_connections()
        return ran

    def start(self) -> threading.Thread:
        def loop() -> None:
            while True:
                time.sleep(1)
                self.run_due(time.monotonic())

        thread = threading.Thread(target=loop, name="parley-embedded-beat", daemon=True)
        thread.start()
        return thread
