"""Signals about publication, for receivers outside the knowledge app.

`publication_changing` is sent inside the publishing transaction, so receivers
can write rows that must commit or roll back with it (webhook outbox, the
changes feed). `version_published` and `version_unpublished` are sent only
after commit (delivery cache, search index). The knowledge app never imports
its receivers. Arguments: `version`, `variant`, `actor`; `publication_changing`
also has `event` ("published" or "unpublished").
"""

from django.dispatch import Signal

publication_changing = Signal()
version_published = Signal()
version_unpublished = Signal()
