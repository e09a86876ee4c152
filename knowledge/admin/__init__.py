"""Editor admin for the knowledge base.

Translated fields are shown one language at a time (tabs), every model keeps a
history page with per-field diffs, and status is never edited here directly.
"""

# Importing the modules registers their admins (Django imports this package).
from knowledge.admin import entries, people, versions  # noqa: F401
from knowledge.admin.common import ParleyTranslationAdmin, status_badge

__all__ = ["ParleyTranslationAdmin", "status_badge"]
