"""Run every periodic job once: for cron users, tests, and a manual nudge."""

from typing import Any

from django.core.management.base import BaseCommand

from channels import revision, stored, usage
from channels.search import indexer
from channels.search import log as search_log
from channels.webhooks import retry_due_deliveries
from knowledge import jobs


class Command(BaseCommand):
    help = (
        "Run each periodic job once: scheduled publishing, review-SLA escalation, "
        "content verification reminders, webhook retries, the search log's flush, "
        "the count of answers served, revision tasks (open, remind, escalate), "
        "this host's search indexer pass."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        published = jobs.publish_due_versions()
        escalated = jobs.escalate_overdue_reviews()
        reminded = jobs.remind_content_verification()
        retried = retry_due_deliveries()
        rendered = stored.render_pending()
        logged = search_log.flush()
        served = usage.flush()
        tasks = revision.apply_thresholds()
        indexed = indexer.apply_changes()
        indexer.prune_changes()
        self.stdout.write(f"published {len(published)} scheduled version(s)")
        self.stdout.write(f"escalated {len(escalated)} overdue review(s)")
        self.stdout.write(f"reminded {len(reminded)} owner(s) of entries to verify")
        self.stdout.write(f"attempted {len(retried)} due webhook delivery(ies)")
        self.stdout.write(f"added {logged} search(es) to the search log")
        self.stdout.write(f"counted {served} answer(s) served")
        self.stdout.write(
            f"revision tasks: {tasks['opened']} opened, {tasks['closed']} closed (answered), "
            f"{tasks['reminded']} reminded, "
            f"{tasks['escalated']} escalated"
        )
        self.stdout.write(f"re-indexed {indexed} entry(ies) for search")
        self.stdout.write(f"rendered {rendered} change(s) of what channels serve")
