"""Snippet signals. `snippet_publishing` is sent inside the publishing transaction
(so receivers can write outbox rows atomically); `snippet_published` after commit."""

from django.dispatch import Signal

# kwargs: snippet, version, actor
snippet_publishing = Signal()
snippet_published = Signal()
# After commit, when a snippet's live text was taken away.
snippet_unpublished = Signal()
