"""Celery tasks: thin wrappers so beat can run the periodic jobs."""

from celery import shared_task

from knowledge import jobs


@shared_task
def publish_due_versions() -> list[int]:
    return [version.pk for version in jobs.publish_due_versions()]


@shared_task
def escalate_overdue_reviews() -> list[int]:
    return [version.pk for version in jobs.escalate_overdue_reviews()]


@shared_task
def remind_content_verification() -> dict[str, list[str]]:
    return jobs.remind_content_verification()
