"""Load the demo knowledge base: channels, topics, entries, versions and users.

Idempotent: what already exists (by slug, key or username) is left as it is,
so editors' changes survive a second run.
"""

import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from channels.models import Channel
from knowledge.demo import content
from knowledge.demo.snippets import SNIPPETS
from knowledge.digests import source_digest
from knowledge.languages import language_codes, localized
from knowledge.models import Entry, Tag, Topic, Variant, Version
from knowledge.workflow import VersionStatus
from templates_app import services as snippet_services
from templates_app.models import Snippet

SEED_REASON = "seed_demo"


class Command(BaseCommand):
    help = "Load demo channels, entries and users (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give every demo user a new random password and print it.",
        )

    def handle(self, *args: Any, reset_passwords: bool = False, **options: Any) -> None:
        with transaction.atomic():
            channels = self._channels()
            users = self._users(reset_passwords=reset_passwords)
            topics = self._topics()
            snippets = self._snippets(users)
            created = sum(
                self._entry(data, topics=topics, channels=channels, owner=users["editor"][0])
                for data in content.ENTRIES
            )
        # Demo versions are written directly, not through the publish signals.
        call_command("rebuild_search_index", stdout=self.stdout)
        self.stdout.write(
            f"Demo content: {created} new entries, {Entry.objects.count()} in all, "
            f"{Channel.objects.count()} channels; {snippets} new snippets."
        )
        self.stdout.write("Demo logins (http://127.0.0.1:8000/admin/):")
        for username, (_user, password) in users.items():
            group = content.USERS[username] or "superuser"
            shown = password or "(unchanged; run seed_demo --reset-passwords for a new one)"
            self.stdout.write(f"  {username:<15} {group:<17} {shown}")

    def _snippets(self, users: dict[str, tuple[Any, str | None]]) -> int:
        """Demo snippets, each taken through review by the demo editor, reviewer, publisher."""
        editor, reviewer, publisher = (
            users[name][0] for name in ("editor", "reviewer", "publisher")
        )
        created = 0
        for data in SNIPPETS:
            if Snippet.objects.filter(key=data["key"]).exists():
                continue
            draft = snippet_services.snippet_create(
                key=data["key"],
                kind=data["kind"],
                description=data["description"],
                actor=editor,
                texts=data["texts"],
            )
            snippet_services.snippet_version_submit(version=draft, actor=editor)
            snippet_services.snippet_version_approve(version=draft, actor=reviewer)
            snippet_services.snippet_version_publish(version=draft, actor=publisher)
            created += 1
        return created

    def _channels(self) -> dict[str, Channel]:
        channels: dict[str, Channel] = {}
        for data in content.CHANNELS:
            fields = {k: v for k, v in data.items() if k not in ("slug", "inherits_from")}
            parent = channels.get(data["inherits_from"]) if data["inherits_from"] else None
            channel, _created = Channel.objects.get_or_create(
                slug=data["slug"], defaults={**fields, "inherits_from": parent}
            )
            channels[channel.slug] = channel
        return channels

    def _users(self, *, reset_passwords: bool) -> dict[str, tuple[Any, str | None]]:
        User = get_user_model()
        users: dict[str, tuple[Any, str | None]] = {}
        for username, group_name in content.USERS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@parley.invalid",
                    "is_staff": True,
                    "is_superuser": group_name is None,
                },
            )
            password = None
            if created or reset_passwords:
                password = secrets.token_urlsafe(9)
                user.set_password(password)
                user.save(update_fields=["password"])
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            users[username] = (user, password)
        return users

    def _topics(self) -> dict[str, Topic]:
        topics: dict[str, Topic] = {}
        for slug, names in content.TOPICS.items():
            topic = Topic.objects.filter(slug=slug).first()
            if topic is None:
                topic = Topic(slug=slug)
                _set_translations(topic, "name", names)
                topic._change_reason = SEED_REASON
                topic.save()
            topics[slug] = topic
        return topics

    def _entry(
        self,
        data: dict,
        *,
        topics: dict[str, Topic],
        channels: dict[str, Channel],
        owner: Any,
    ) -> bool:
        if Entry.objects.filter(key=data["key"]).exists():
            return False
        entry = Entry(
            key=data["key"],
            topic=topics[data["topic"]],
            owner=owner,
            review_by=timezone.localdate() + timedelta(days=180),
        )
        _set_translations(
            entry,
            "questions",
            {code: "\n".join(lines) for code, lines in data["questions"].items()},
        )
        entry._change_reason = SEED_REASON
        entry.save()
        entry.tags.set([Tag.objects.get_or_create(slug=slug)[0] for slug in data["tags"]])

        now = timezone.now()
        published: dict[str, Version] = {}
        # The primary (help-page) variant first: the others are written against it.
        for channel in sorted(channels.values(), key=lambda c: not c.is_primary):
            texts = data.get(channel.slug)
            if not texts:
                continue
            variant = Variant.objects.create(entry=entry, channel=channel)
            version = Version(
                variant=variant,
                number=1,
                status=VersionStatus.PUBLISHED,
                author=owner,
                submitted_at=now,
                approved_at=now,
                published_at=now,
            )
            _set_texts(version, texts)
            digest = source_digest(published.get("primary", version))
            _set_translations(version, "based_on", {code: digest for code in texts})
            version._change_reason = SEED_REASON
            version.save()
            variant.published_version = version
            variant.save(update_fields=["published_version"])
            published[channel.slug] = version
            if channel.is_primary:
                published["primary"] = version

        for draft in content.DRAFTS:
            if draft["key"] == entry.key:
                self._draft(draft, entry=entry, author=owner)
        return True

    def _draft(self, data: dict, *, entry: Entry, author: Any) -> None:
        variant = Variant.objects.select_related("published_version").get(
            entry=entry, channel__slug=data["channel"]
        )
        live = variant.published_version
        draft = Version(variant=variant, number=live.number + 1, author=author)
        for code in language_codes():
            for field in ("title", "body", "based_on"):
                column = localized(field, code)
                setattr(draft, column, getattr(live, column))
        _set_texts(draft, data["texts"])
        draft._change_reason = SEED_REASON
        draft.save()
        variant.draft = draft
        variant.save(update_fields=["draft"])


def _set_translations(obj: Any, field: str, values: dict[str, str]) -> None:
    for code, value in values.items():
        setattr(obj, localized(field, code), value)


def _set_texts(version: Version, texts: dict[str, tuple[str, str]]) -> None:
    for code, (title, body) in texts.items():
        setattr(version, localized("title", code), title)
        setattr(version, localized("body", code), body)
