"""Content's signals -> people's notices."""

from typing import Any

from django.dispatch import receiver

from knowledge.signals import workflow_step
from notices.services import notices_for_step


@receiver(workflow_step, dispatch_uid="notices-workflow-step")
def tell_people(
    *,
    kind: Any,
    version: Any,
    action: str,
    actor: Any,
    comment: str,
    from_status: str,
    **kwargs: Any,
) -> None:
    """In the step's transaction: notices for whoever the step concerns."""
    notices_for_step(
        kind=kind,
        version=version,
        action=action,
        actor=actor,
        comment=comment,
        from_status=from_status,
    )
