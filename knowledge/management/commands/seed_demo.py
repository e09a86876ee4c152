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

from channels.models import Channel, SearchSynonym
from knowledge import services
from knowledge.demo import content
from knowledge.languages import localized
from knowledge.models import Entry, Topic, Variant
from notices.models import Notice
from templates_app import services as snippet_services
from templates_app.models import Snippet

SEED_REASON = "seed_demo"
# Demo answers are written and published by the system (no person); the log says so.
SYSTEM = None


class Command(BaseCommand):
    help = "Load demo channels, entries and users (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give every demo user a new random password and print it.",
        )

    def handle(self, *args: Any, reset_passwords: bool = False, **options: Any) -> None:
        started = timezone.now()
        with transaction.atomic():
            channels = self._channels()
            users = self._users(reset_passwords=reset_passwords)
            topics = self._topics()
            snippets = self._snippets(users)
            created = sum(
                self._entry(data, topics=topics, channels=channels, owner=users["editor"][0])
                for data in content.entries()
            )
            synonyms = self._synonyms()
            # The demo's own setup steps are history, not work for anyone: their notices
            # start read (and so are not e-mailed when this commits).
            Notice.objects.filter(created_at__gte=started, read_at__isnull=True).update(
                read_at=timezone.now()
            )
        # Publishing indexed and rendered each entry already; a full rebuild and
        # render also cover older data.
        call_command("rebuild_search_index", stdout=self.stdout)
        call_command("render_answers", stdout=self.stdout)
        self.stdout.write(
            f"Demo content: {created} new entries, {Entry.objects.count()} in all, "
            f"{Channel.objects.count()} channels; {snippets} new snippets; "
            f"{synonyms} new search synonym groups."
        )
        self.stdout.write("Demo logins (/admin/ on the server `make run` starts):")
        groups = content.users()
        for username, (_user, password) in users.items():
            group = groups[username] or "superuser"
            shown = password or "(unchanged; run seed_demo --reset-passwords for a new one)"
            self.stdout.write(f"  {username:<15} {group:<17} {shown}")

    def _synonyms(self) -> int:
        """The editors' search synonyms, per language; a group already there is kept."""
        created = 0
        for language, groups in content.synonyms().items():
            for phrases in groups:
                _row, made = SearchSynonym.objects.get_or_create(language=language, phrases=phrases)
                created += made
        return created

    def _snippets(self, users: dict[str, tuple[Any, str | None]]) -> int:
        """Demo snippets, each taken through review by the demo editor, reviewer, publisher."""
        editor, reviewer, publisher = (
            users[name][0] for name in ("editor", "reviewer", "publisher")
        )
        created = 0
        for data in content.snippets():
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
        for data in content.channels():
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
        for username, group_name in content.users().items():
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
        for slug, names in content.topics().items():
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
        """One demo entry, its texts published through the workflow by the system."""
        if Entry.objects.filter(key=data["key"]).exists():
            return False
        entry = services.entry_create(
            key=data["key"],
            topic=topics[data["topic"]].slug,
            actor=SYSTEM,
            owner=owner,
            tags=data["tags"],
            questions=data["questions"],
            review_by=timezone.localdate() + timedelta(days=180),
        )
        # The primary (help-page) variant first: the others are written against it.
        for channel in sorted(channels.values(), key=lambda c: not c.is_primary):
            texts = data.get(channel.slug)
            if not texts:
                continue
            draft = services.variant_open_draft(
                entry=entry, channel=channel, actor=SYSTEM, texts=_texts(texts)
            )
            services.version_submit(version=draft, actor=SYSTEM, comment=SEED_REASON)
            services.version_approve(version=draft, actor=SYSTEM)
            services.version_publish(version=draft, actor=SYSTEM)

        for draft in data.get("drafts", []):
            self._draft(draft, entry=entry, author=owner)
        return True

    def _draft(self, data: dict, *, entry: Entry, author: Any) -> None:
        """A draft the demo editor has open."""
        variant = Variant.objects.get(entry=entry, channel__slug=data["channel"])
        draft = services.version_create_draft(variant=variant, actor=author)
        services.version_update(version=draft, actor=author, texts=_texts(data["texts"]))


def _texts(texts: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """``{lang: [title, body]}`` as the services take it."""
    return {
        "title": {code: title for code, (title, _body) in texts.items()},
        "body": {code: body for code, (_title, body) in texts.items()},
    }


def _set_translations(obj: Any, field: str, values: dict[str, str]) -> None:
    for code, value in values.items():
        setattr(obj, localized(field, code), value)
