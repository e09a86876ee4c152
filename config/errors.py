"""Errors the knowledge services raise. Each has a stable `code` and an HTTP status.

Impossible moves (409) and forbidden ones (403) are different classes, so the
API and the admin can tell a user which of the two happened.
"""


class WorkflowError(Exception):
    """Base class: a refused request, with a stable code for API clients."""

    code = "workflow_error"
    status_code = 400

    def __init__(self, detail: str, **extra: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class InvalidTransition(WorkflowError):
    code = "invalid_transition"
    status_code = 409


class NotEditable(WorkflowError):
    code = "not_editable"
    status_code = 409


class DraftExists(WorkflowError):
    code = "draft_exists"
    status_code = 409


class EntryExists(WorkflowError):
    code = "entry_exists"
    status_code = 409


class SnippetExists(WorkflowError):
    code = "snippet_exists"
    status_code = 409


class ActionForbidden(WorkflowError):
    code = "permission_denied"
    status_code = 403


class FourEyesViolation(ActionForbidden):
    code = "four_eyes"


class CommentRequired(WorkflowError):
    code = "comment_required"
    status_code = 400


class StaleVersion(WorkflowError):
    code = "precondition_failed"
    status_code = 412


class PreconditionRequired(WorkflowError):
    """A write of a version without `If-Match`; `etag` names the current one."""

    code = "precondition_required"
    status_code = 428


class InvalidInput(WorkflowError):
    code = "invalid"
    status_code = 400


class UnknownPlaceholder(InvalidInput):
    """A text names a placeholder outside the whitelist, or a snippet that does not exist."""

    code = "unknown_placeholder"


class LintFailed(WorkflowError):
    """Tone lint found errors; `findings` lists them. Fix the text, then submit again."""

    code = "lint_failed"
    status_code = 400


class TextTooLong(WorkflowError):
    code = "text_too_long"
    status_code = 400


class Busy(WorkflowError):
    """The database stayed locked by another writer; trying again will work."""

    code = "busy"
    status_code = 409


class SnippetInUse(WorkflowError):
    """A snippet that live answers use cannot be unpublished; `keys` names them."""

    code = "snippet_in_use"
    status_code = 409


class EmptyVersion(WorkflowError):
    """No language has both a title and a body: nothing a channel could serve."""

    code = "empty_version"
    status_code = 400


class NoChanges(WorkflowError):
    """A submitted copy identical to the live text: nothing to review."""

    code = "no_changes"
    status_code = 400


class InvalidFile(WorkflowError):
    """A translation file that cannot be read (not XLIFF or PO, malformed, wrong language)."""

    code = "invalid_file"
    status_code = 400


class FileTooLarge(InvalidFile):
    """A translation file over `PARLEY_MAX_TRANSLATION_FILE_BYTES`."""

    code = "payload_too_large"
    status_code = 413


class TranslationRefused(WorkflowError):
    """A translation file none of whose units could be applied, some for cause."""

    code = "translation_refused"
    status_code = 422
