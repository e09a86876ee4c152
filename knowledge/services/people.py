"""Reviewers' languages and personal API tokens."""

from typing import Any

from config.errors import (
    ActionForbidden,
    InvalidInput,
)
from knowledge.languages import language_codes
from knowledge.models import (
    ReviewerProfile,
    UserToken,
)
from knowledge.tokens import issue_token, revoke_token

# --- reviewers and tokens ------------------------------------------------------


def check_reviewer_languages(*, user: Any, languages: Any) -> None:
    """Refuse what `reviewer_set_languages` would: a non-reviewer, or not a list of codes."""
    if not (user.is_active and user.has_perm("knowledge.review_version")):
        raise ActionForbidden("Only reviewers declare the languages they review.", field="user")
    if not isinstance(languages, list) or not all(isinstance(c, str) for c in languages):
        raise InvalidInput('Give a list of language codes, e.g. ["ja", "fi"].', field="languages")
    unknown = set(languages) - set(language_codes())
    if unknown:
        raise InvalidInput(f"Unknown languages: {sorted(unknown)}.", field="languages")


def reviewer_set_languages(*, user: Any, languages: list[str]) -> ReviewerProfile:
    """Declare the languages `user` reviews; an empty list means every language.

    Only people who review may: for anyone else a review queue means nothing
    (ActionForbidden, 403, from the admin and the API alike).
    """
    check_reviewer_languages(user=user, languages=languages)
    ordered = [code for code in language_codes() if code in languages]
    profile, _created = ReviewerProfile.objects.update_or_create(
        user=user, defaults={"languages": ordered}
    )
    return profile


def user_token_issue(token: UserToken) -> str:
    """Give an unsaved personal token its secret and save it; returns the raw token."""
    return issue_token(token, "pu")


def user_token_create(*, user: Any, name: str = "") -> tuple[UserToken, str]:
    """Create a personal API token for `user`; returns it with its raw key."""
    token = UserToken(user=user, name=name)
    return token, user_token_issue(token)


def user_token_revoke(*, token: UserToken) -> UserToken:
    """Stop a personal token from working."""
    return revoke_token(token)
