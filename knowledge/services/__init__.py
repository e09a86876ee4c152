"""The only writers of the knowledge base: versions and their workflow state,
entries, reviewers' languages and personal API tokens.

Every workflow step runs in one write transaction through the review engine
(`knowledge.engine`): it locks the variant row first (so two steps on one
variant never interleave), checks permission and the transition table, writes
history with the acting user and a reason, logs the transition, and sends its
signals only after commit. Entry writes lock the entry row. The admin, the
editorial API, the jobs and `seed_demo` call these functions and nothing else.

One module per subject; this package is their one door: callers import the
services from here.
"""

from knowledge.services.answers import (
    AnswerSaved,
    answer_save,
    entry_publish_approved,
)
from knowledge.services.entries import (
    ENTRY_PERMISSIONS,
    entry_create,
    entry_update,
)
from knowledge.services.people import (
    reviewer_set_languages,
    user_token_create,
    user_token_issue,
    user_token_revoke,
)
from knowledge.services.versions import (
    ANSWERS,
    TEXT_FIELDS,
    check_references,
    variant_open_draft,
    version_acknowledge_finding,
    version_approve,
    version_confirm_translations,
    version_create_draft,
    version_escalate,
    version_import_translation,
    version_publish,
    version_request_changes,
    version_rollback,
    version_submit,
    version_unpublish,
    version_update,
)

__all__ = [
    "ANSWERS",
    "ENTRY_PERMISSIONS",
    "TEXT_FIELDS",
    "AnswerSaved",
    "answer_save",
    "check_references",
    "entry_create",
    "entry_publish_approved",
    "entry_update",
    "reviewer_set_languages",
    "user_token_create",
    "user_token_issue",
    "user_token_revoke",
    "variant_open_draft",
    "version_acknowledge_finding",
    "version_approve",
    "version_confirm_translations",
    "version_create_draft",
    "version_escalate",
    "version_import_translation",
    "version_publish",
    "version_request_changes",
    "version_rollback",
    "version_submit",
    "version_unpublish",
    "version_update",
]
