"""Version statuses. The transition table between them lives here too."""

from django.db import models


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"  # being written; editable
    IN_REVIEW = "in_review", "In review"  # submitted; waits for a reviewer
    CHANGES_REQUESTED = "changes_requested", "Changes requested"  # back to the author; editable
    APPROVED = "approved", "Approved"  # a second person said yes; not yet live
    SCHEDULED = "scheduled", "Scheduled"  # approved, goes live at `publish_at`
    PUBLISHED = "published", "Published"  # the live version of its variant
    SUPERSEDED = "superseded", "Superseded"  # was live, replaced by a newer version
    UNPUBLISHED = "unpublished", "Unpublished"  # was live, taken off the channels


# Statuses a version can be edited in.
EDITABLE_STATUSES = frozenset({VersionStatus.DRAFT, VersionStatus.CHANGES_REQUESTED})

# A variant has at most one version on its way to publication (its "open draft").
OPEN_STATUSES = frozenset(
    {
        VersionStatus.DRAFT,
        VersionStatus.IN_REVIEW,
        VersionStatus.CHANGES_REQUESTED,
        VersionStatus.APPROVED,
        VersionStatus.SCHEDULED,
    }
)
