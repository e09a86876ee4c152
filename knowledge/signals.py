"""Signals sent after a publish or unpublish has committed.

Receivers (delivery cache, webhooks, search index) connect to these; the
knowledge app never imports them. Arguments: `version`, `variant`, `actor`.
"""

from django.dispatch import Signal

version_published = Signal()
version_unpublished = Signal()
