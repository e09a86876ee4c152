"""Signals for receivers outside the knowledge app; it never imports them.

`publication_changing` is sent inside the publishing transaction, so receivers
can write rows that must commit or roll back with it (webhook outbox, the
changes feed). `version_published` and `version_unpublished` are sent only
after commit (delivery cache, search index). Arguments: `version`, `variant`,
`actor`; `publication_changing` also has `event` ("published" or "unpublished").

`workflow_step` is sent by the review engine for every row of a transition log,
of either kind (answers' and snippets' versions), inside the step's transaction,
so what receivers write (people's notices) commits or rolls back with the step;
their own side effects (e-mail) wait for commit. Sender: the kind's version
model. Arguments: `kind` (the engine's `Reviewed`), `version`, `action` (a
`knowledge.workflow.Action`), `actor` (None for the system), `comment`,
`from_status` ("" when the version was just created).
"""

from django.dispatch import Signal

publication_changing = Signal()
version_published = Signal()
version_unpublished = Signal()
workflow_step = Signal()
